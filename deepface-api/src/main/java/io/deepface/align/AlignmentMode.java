package io.deepface.align;

/** How a detected face is turned into the crop an embedder or attribute model reads. */
public enum AlignmentMode {
  /**
   * Least-squares similarity transform (Umeyama, no reflection) of the detector's landmarks onto the
   * embedder's template: 5 points when the detector gives them, else the eyes and nose, else the eyes.
   * Falls back to {@link #NONE} for a face without landmarks. The default.
   */
  LANDMARKS,
  /** DeepFace's alignment: rotate about the box centre so the eyes are level, then fit the box to the crop. */
  EYES,
  /** No rotation: the box, scaled to fit the crop with its aspect ratio kept, padded with black. */
  NONE
}
