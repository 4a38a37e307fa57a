package io.deepface;

import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;

/**
 * Where a face is in the input image, as DeepFace reports it: the box in whole pixels and the
 * landmarks the detector gave (null where it gave none). {@code leftEye} is the person's left eye
 * (on the right of an unmirrored photo), as in DeepFace 0.0.86 and later.
 */
public record FacialArea(int x, int y, int w, int h, Point leftEye, Point rightEye, Point nose, Point mouthLeft,
    Point mouthRight) {

  public static FacialArea of(DetectedFace face) {
    FaceBox b = face.box();
    int x = (int) Math.round(b.x());
    int y = (int) Math.round(b.y());
    int w = (int) Math.round(b.right()) - x;
    int h = (int) Math.round(b.bottom()) - y;
    FaceLandmarks lm = face.landmarks();
    if (lm == null) {
      return new FacialArea(x, y, w, h, null, null, null, null, null);
    }
    return new FacialArea(x, y, w, h, lm.leftEye(), lm.rightEye(), lm.nose(), lm.mouthLeft(), lm.mouthRight());
  }
}
