package io.deepface.analysis;

/**
 * Apparent gender of a face as DeepFace reports it: the two percentages sum to 100.
 *
 * @param woman percentage for {@code Woman}, in [0, 100]
 * @param man percentage for {@code Man}, in [0, 100]
 */
public record Gender(double woman, double man) implements AttributeValue {
  public static final String WOMAN = "Woman";
  public static final String MAN = "Man";

  public Gender {
    if (!(woman >= 0 && woman <= 100 && man >= 0 && man <= 100)) {
      throw new IllegalArgumentException("gender percentages must be in [0, 100], got " + woman + ", " + man);
    }
  }

  /** {@value #WOMAN} or {@value #MAN}, whichever has the larger percentage (Man on a tie). */
  public String dominant() {
    return woman > man ? WOMAN : MAN;
  }

  @Override
  public FaceAttribute attribute() {
    return FaceAttribute.GENDER;
  }
}
