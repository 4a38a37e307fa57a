package io.deepface.face;

import java.util.Objects;

/**
 * One face found by a detector, in the coordinates of the image given to it.
 *
 * @param box the face rectangle
 * @param confidence the detector's score in [0, 1]; 0 when no detector ran (the whole image is used)
 * @param landmarks the facial points the detector gives, or null when it gives none
 */
public record DetectedFace(FaceBox box, double confidence, FaceLandmarks landmarks) {
  public DetectedFace {
    Objects.requireNonNull(box, "box");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
    }
  }

  public DetectedFace withBox(FaceBox newBox) {
    return new DetectedFace(newBox, confidence, landmarks);
  }
}
