package io.deepface;

/**
 * The anti-spoofing check ({@link FaceOptions#antiSpoofing()}) found a face that is not a live person (a
 * printed photo, a screen): the message names the input, where the face is and its score.
 */
public class SpoofDetectedException extends DeepFaceException {
  private static final long serialVersionUID = 1L;
  private final String input;
  private final transient FacialArea region;
  private final double realProbability;

  public SpoofDetectedException(String input, FacialArea region, double realProbability) {
    super(String.format(java.util.Locale.ROOT,
        "Spoof detected in %s: the face at x=%d y=%d w=%d h=%d is real with probability %.3f only "
            + "(anti-spoofing model: MiniFASNet). Use a live photo, or turn antiSpoofing off.",
        input, region.x(), region.y(), region.w(), region.h(), realProbability));
    this.input = input;
    this.region = region;
    this.realProbability = realProbability;
  }

  /** The input the face was found in. */
  public String input() {
    return input;
  }

  /** Where the face is. */
  public FacialArea region() {
    return region;
  }

  /** The probability that the face is real, in [0, 1]. */
  public double realProbability() {
    return realProbability;
  }
}
