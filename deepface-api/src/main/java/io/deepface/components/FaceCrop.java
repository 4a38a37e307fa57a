package io.deepface.components;

import io.deepface.image.AffineTransform;
import io.deepface.align.FaceAligner;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import io.deepface.spi.AlignmentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which part of the image an attribute model sees for a detected face, and how it is framed. Attribute models
 * were trained on crops framed in their own way (a tight box, a box with 40 % margin, a landmark-aligned chip),
 * and their accuracy depends on seeing faces framed the same way.
 *
 * @param mode how the region follows the face
 * @param scale how much of the surroundings to include: the region's side is {@code scale} times the box's
 *     (for {@link Mode#LANDMARKS}: times the ArcFace chip's); 1 is the box itself
 * @param shiftY moves the region down by this fraction of its own height (negative: up)
 */
public record FaceCrop(Mode mode, double scale, double shiftY) {
  /** How the region follows the face. */
  public enum Mode {
    /** The detector's box scaled about its centre, stretched to the model's input (no rotation). */
    BOX,
    /** A square about the box's centre, its side the box's longer side times the scale (no rotation). */
    SQUARE,
    /** As {@link #SQUARE}, turned so that the eyes are level (DeepFace's alignment). */
    EYES,
    /**
     * The five landmarks mapped onto the ArcFace 112x112 template (as embedders see faces), zoomed out by the
     * scale; falls back to {@link #EYES} without five landmarks.
     */
    LANDMARKS
  }

  public FaceCrop {
    Objects.requireNonNull(mode, "mode");
    if (!(scale > 0 && scale < 10) || !Double.isFinite(shiftY)) {
      throw new IllegalArgumentException("crop scale must be in (0, 10) and the shift finite, got " + scale + ", " + shiftY);
    }
  }

  public static FaceCrop of(Mode mode, double scale) {
    return new FaceCrop(mode, scale, 0);
  }

  /** {@code w x h} pixels of {@code image} framed around {@code face} by this rule (black outside the image). */
  public RgbImage cut(RgbImage image, DetectedFace face, int w, int h) {
    return ImageOps.warpAffine(image, transform(face, w, h), w, h);
  }

  /** The map from image coordinates to the {@code w x h} crop's. */
  public AffineTransform transform(DetectedFace face, int w, int h) {
    FaceLandmarks lm = face.landmarks();
    FaceBox b = face.box();
    Mode m = mode;
    if (m == Mode.LANDMARKS && (lm == null || !lm.complete())) {
      m = Mode.EYES;
    }
    if (m == Mode.EYES && (lm == null || lm.rightEye() == null || lm.leftEye() == null)) {
      m = Mode.SQUARE;
    }
    switch (m) {
      case BOX -> {
        double rw = Math.max(b.width(), 1) * scale;
        double rh = Math.max(b.height(), 1) * scale;
        double x0 = b.center().x() - rw / 2;
        double y0 = b.center().y() + shiftY * rh - rh / 2;
        double sx = w / rw;
        double sy = h / rh;
        return new AffineTransform(sx, 0, -x0 * sx - 0.5, 0, sy, -y0 * sy - 0.5);
      }
      case SQUARE, EYES -> {
        double side = Math.max(Math.max(b.width(), b.height()), 1) * scale;
        double angle = m == Mode.EYES ? Math.atan2(lm.leftEye().y() - lm.rightEye().y(), lm.leftEye().x() - lm.rightEye().x()) : 0;
        Point c = b.center();
        double s = Math.min(w, h) / side;
        AffineTransform toOrigin = new AffineTransform(1, 0, -c.x(), 0, 1, -c.y());
        AffineTransform rotateScale = AffineTransform.similarity(s, -angle, 0, 0);
        AffineTransform toCrop = new AffineTransform(1, 0, (w - 1) / 2.0, 0, 1, (h - 1) / 2.0 - shiftY * h);
        return toOrigin.then(rotateScale).then(toCrop);
      }
      default -> {
        // The ArcFace template, shrunk by the scale about the 112x112 chip's centre, in crop coordinates.
        double k = Math.min(w, h) / 112.0;
        List<Point> dst = new ArrayList<>();
        for (Point p : AlignmentSpec.ARCFACE_112.template()) {
          dst.add(new Point((w - 1) / 2.0 + (p.x() - 55.5) * k / scale,
              (h - 1) / 2.0 + (p.y() - 55.5) * k / scale - shiftY * h));
        }
        return FaceAligner.estimateSimilarity(lm.asList(), dst);
      }
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s x%.2f%s", mode.name().toLowerCase(Locale.ROOT), scale,
        shiftY == 0 ? "" : String.format(Locale.ROOT, " shift %+.2f", shiftY));
  }
}
