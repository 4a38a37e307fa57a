package io.deepface.model;

/**
 * A model could not be converted: its source files are malformed, or it uses an operation or layout the
 * converter does not map. The message names the source, and for an unmapped operation the op and the node.
 */
public class ConversionException extends ModelException {
  private static final long serialVersionUID = 1L;

  public ConversionException(String modelId, String message) {
    super(modelId, message);
  }

  public ConversionException(String modelId, String message, Throwable cause) {
    super(modelId, message, cause);
  }
}
