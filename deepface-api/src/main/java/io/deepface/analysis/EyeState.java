package io.deepface.analysis;

/**
 * Whether each eye is open, named from the person's point of view as {@link io.deepface.face.FaceLandmarks}
 * does: the right eye appears on the left of an unmirrored photo.
 *
 * @param rightEyeOpen probability in [0, 1] that the person's right eye is open
 * @param leftEyeOpen probability in [0, 1] that the person's left eye is open
 */
public record EyeState(double rightEyeOpen, double leftEyeOpen) implements AttributeValue {
  public EyeState {
    if (!(rightEyeOpen >= 0 && rightEyeOpen <= 1 && leftEyeOpen >= 0 && leftEyeOpen <= 1)) {
      throw new IllegalArgumentException("eye probabilities must be in [0, 1], got " + rightEyeOpen + ", " + leftEyeOpen);
    }
  }

  public boolean isRightEyeOpen() {
    return rightEyeOpen >= 0.5;
  }

  public boolean isLeftEyeOpen() {
    return leftEyeOpen >= 0.5;
  }

  @Override
  public FaceAttribute attribute() {
    return FaceAttribute.EYES;
  }
}
