package io.deepface.stream;

import io.deepface.FaceAnalysis;
import io.deepface.face.FaceBox;
import java.util.Objects;

/**
 * One face in one frame, with the track it belongs to.
 *
 * @param track the track's id (stable while the person stays in view)
 * @param box where the face is in this frame: the detection on frames where the detector ran, else the tracker's
 *     prediction
 * @param confidence the detector's score at the track's latest detection
 * @param detected true when the detector found the face in this frame, false when the box is predicted
 * @param identity who the face is, or null until the recognizer names it (or without a recognizer)
 * @param analysis the smoothed attributes so far (and anti-spoofing), or null before the first measurement
 */
public record TrackedFace(int track, FaceBox box, double confidence, boolean detected, Identity identity,
    FaceAnalysis analysis) {
  public TrackedFace {
    Objects.requireNonNull(box, "box");
  }
}
