package io.deepface.analysis;

/**
 * Apparent age of a face.
 *
 * @param years the estimate in years, as the model gives it (a real number)
 */
public record Age(double years) implements AttributeValue {
  public Age {
    if (!Double.isFinite(years)) {
      throw new IllegalArgumentException("age must be finite, got " + years);
    }
  }

  /** The whole number of years DeepFace reports ({@code int(apparent_age)}: the estimate truncated). */
  public int deepFaceAge() {
    return (int) Math.floor(years);
  }

  @Override
  public FaceAttribute attribute() {
    return FaceAttribute.AGE;
  }
}
