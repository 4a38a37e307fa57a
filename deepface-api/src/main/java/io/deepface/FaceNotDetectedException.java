package io.deepface;

/**
 * No face was found in an input where one is required ({@code enforceDetection} on, the default). The
 * message names the input and the detector, and says what to try.
 */
public class FaceNotDetectedException extends DeepFaceException {
  private static final long serialVersionUID = 1L;
  private final String input;

  public FaceNotDetectedException(String input, String detector, double minConfidence) {
    super("No face detected in " + input + " by detector " + detector + " (minimum confidence " + minConfidence
        + "). Check that the image shows a face; try another detector or a lower minConfidence, or set "
        + "enforceDetection(false) to use the whole image as the face.");
    this.input = input;
  }

  public String input() {
    return input;
  }
}
