package io.deepface;

/**
 * No face was found in an input where one is required ({@code enforceDetection} on, the default). The
 * message names the input and the detector, and says what to try.
 */
public class FaceNotDetectedException extends DeepFaceException {
  private static final long serialVersionUID = 1L;
  private final String input;

  public FaceNotDetectedException(String input, String detector, double minConfidence) {
    this(input, detector, minConfidence, 0, 0);
  }

  /**
   * No face left in {@code input} after {@code ignored} faces narrower than {@code minFaceSize} pixels were
   * dropped (the message says so when {@code ignored} is positive).
   */
  public FaceNotDetectedException(String input, String detector, double minConfidence, int ignored, int minFaceSize) {
    super("No face detected in " + input + " by detector " + detector + " (minimum confidence " + minConfidence
        + (ignored > 0 ? "; " + ignored + (ignored == 1 ? " face" : " faces") + " narrower than minFaceSize "
            + minFaceSize + " px ignored" : "")
        + "). Check that the image shows a face; try another detector or a lower minConfidence"
        + (ignored > 0 ? " or minFaceSize" : "")
        + ", or set enforceDetection(false) to use the whole image as the face.");
    this.input = input;
  }

  public String input() {
    return input;
  }
}
