package io.deepface.components;

import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;

/**
 * An image scaled (keeping its aspect ratio) and padded on the right and bottom for a detector, with the
 * map back to the original image's coordinates.
 *
 * @param image the scaled, padded image
 * @param scaleX resized width / original width
 * @param scaleY resized height / original height
 */
record Letterbox(RgbImage image, double scaleX, double scaleY) {

  /**
   * Scales {@code src} to fit {@code maxW x maxH} (never enlarging unless {@code enlarge}), then pads
   * it to a multiple of {@code multiple} (or exactly to {@code maxW x maxH} when {@code multiple} is 0).
   */
  static Letterbox fit(RgbImage src, int maxW, int maxH, boolean enlarge, int multiple) {
    return fit(src, maxW, maxH, enlarge, multiple, 0);
  }

  /**
   * As {@link #fit(RgbImage, int, int, boolean, int)}, padding each side to at least {@code minSide} pixels: tiny
   * photos are not enlarged, only padded, so the network's smallest feature map keeps a few cells (OpenCV DNN
   * returns uninitialised memory for a RetinaFace or YuNet input of 32 x 32).
   */
  static Letterbox fit(RgbImage src, int maxW, int maxH, boolean enlarge, int multiple, int minSide) {
    double s = Math.min((double) maxW / src.width(), (double) maxH / src.height());
    if (!enlarge) {
      s = Math.min(1, s);
    }
    int w = Math.max(1, Math.min(maxW, (int) Math.round(src.width() * s)));
    int h = Math.max(1, Math.min(maxH, (int) Math.round(src.height() * s)));
    RgbImage resized = ImageOps.resize(src, w, h);
    int pw = multiple == 0 ? maxW : (Math.max(w, minSide) + multiple - 1) / multiple * multiple;
    int ph = multiple == 0 ? maxH : (Math.max(h, minSide) + multiple - 1) / multiple * multiple;
    return new Letterbox(ImageOps.padTo(resized, pw, ph), (double) w / src.width(), (double) h / src.height());
  }

  /** A face found in the letterboxed image, in the original image's coordinates. */
  DetectedFace toOriginal(FaceBox box, double confidence, FaceLandmarks landmarks) {
    double kx = 1 / scaleX;
    double ky = 1 / scaleY;
    FaceBox b = new FaceBox(box.x() * kx, box.y() * ky, box.width() * kx, box.height() * ky);
    return new DetectedFace(b, Math.max(0, Math.min(1, confidence)), landmarks == null ? null : landmarks.map(kx, ky, 0, 0));
  }
}
