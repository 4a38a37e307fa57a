package io.deepface.analysis;

/**
 * Whether a face is a live person or a presentation attack (a printed photo, a screen replay).
 *
 * @param isReal true when "real" is the most likely class, as DeepFace decides
 * @param score DeepFace's {@code antispoof_score}: the probability of the class decided on (real or fake)
 * @param realProbability probability in [0, 1] that the face is real
 */
public record AntiSpoof(boolean isReal, double score, double realProbability) implements AttributeValue {
  public AntiSpoof {
    if (!(score >= 0 && score <= 1 && realProbability >= 0 && realProbability <= 1)) {
      throw new IllegalArgumentException("scores must be in [0, 1], got " + score + ", " + realProbability);
    }
  }

  @Override
  public FaceAttribute attribute() {
    return FaceAttribute.SPOOF;
  }
}
