package io.deepface.analysis;

/**
 * Head orientation in degrees (HopeNet's Euler angles, each in about [-99, 99]), as seen in the image.
 * Signs, for a photo that is not mirrored:
 * <ul>
 *   <li>{@code yaw} &gt; 0: the face turns towards the left of the image (the person looks to their own
 *       right); about 0 for a frontal face; mirroring the image flips the sign.
 *   <li>{@code pitch} &gt; 0: the face tilts up (chin raised); &lt; 0: it looks down. HopeNet reads most
 *       frontal faces a little down, around -10.
 *   <li>{@code roll} &gt; 0: the face is turned clockwise in the image (the eye on the image's right is lower
 *       than the other); turning the image clockwise by some angle adds about that angle to roll;
 *       mirroring the image flips the sign.
 * </ul>
 * These are HopeNet's own signs (those of its {@code draw_axis}), checked on real photos: faces turned to
 * the image's left, faces looking up and down, and mirrored and turned images (see the ONNX module's
 * {@code HeadPoseAnalysisTest}).
 *
 * @param yaw turn left/right in degrees
 * @param pitch tilt up/down in degrees
 * @param roll in-plane rotation in degrees
 */
public record HeadPose(double yaw, double pitch, double roll) implements AttributeValue {
  @Override
  public FaceAttribute attribute() {
    return FaceAttribute.POSE;
  }
}
