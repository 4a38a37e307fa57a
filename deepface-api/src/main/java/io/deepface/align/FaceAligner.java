package io.deepface.align;

import io.deepface.face.DetectedFace;
import io.deepface.image.AffineTransform;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import io.deepface.spi.AlignmentSpec;
import java.util.ArrayList;
import java.util.List;

/** Computes alignment transforms and cuts aligned face crops. Stateless and thread-safe. */
public final class FaceAligner {
  private FaceAligner() {}

  /** The aligned crop of {@code face}: {@code spec}'s size, bilinear, black outside the image. */
  public static RgbImage crop(RgbImage image, DetectedFace face, AlignmentSpec spec, AlignmentMode mode) {
    return ImageOps.warpAffine(image, transform(face, spec, mode), spec.width(), spec.height());
  }

  /** The map from image coordinates to crop coordinates for {@code face}. */
  public static AffineTransform transform(DetectedFace face, AlignmentSpec spec, AlignmentMode mode) {
    FaceLandmarks lm = face.landmarks();
    if (lm == null || mode == AlignmentMode.NONE) {
      return fitBox(face.box(), 0, spec);
    }
    if (mode == AlignmentMode.EYES) {
      Point r = lm.rightEye();
      Point l = lm.leftEye();
      // The right eye is on the image's left: the eye line runs from r to l.
      return fitBox(face.box(), Math.atan2(l.y() - r.y(), l.x() - r.x()), spec);
    }
    List<Point> src = new ArrayList<>();
    List<Point> dst = new ArrayList<>();
    src.add(lm.rightEye());
    src.add(lm.leftEye());
    dst.add(spec.template().get(0));
    dst.add(spec.template().get(1));
    if (lm.nose() != null) {
      src.add(lm.nose());
      dst.add(spec.template().get(2));
    }
    if (lm.mouthRight() != null && lm.mouthLeft() != null) {
      src.add(lm.mouthRight());
      src.add(lm.mouthLeft());
      dst.add(spec.template().get(3));
      dst.add(spec.template().get(4));
    }
    return estimateSimilarity(src, dst);
  }

  /** Rotates by {@code -angle} about the box centre and scales the box to fit the crop, centred. */
  static AffineTransform fitBox(FaceBox box, double angle, AlignmentSpec spec) {
    double bw = Math.max(box.width(), 1);
    double bh = Math.max(box.height(), 1);
    double s = Math.min(spec.width() / bw, spec.height() / bh);
    Point c = box.center();
    AffineTransform toOrigin = new AffineTransform(1, 0, -c.x(), 0, 1, -c.y());
    AffineTransform rotateScale = AffineTransform.similarity(s, -angle, 0, 0);
    // Pixel centres: a crop of width W spans -0.5 .. W-0.5, so its centre is (W-1)/2.
    AffineTransform toCrop = new AffineTransform(1, 0, (spec.width() - 1) / 2.0, 0, 1, (spec.height() - 1) / 2.0);
    return toOrigin.then(rotateScale).then(toCrop);
  }

  /**
   * The similarity transform (uniform scale, rotation, translation; no reflection) that maps {@code src}
   * onto {@code dst} with the least squared error (Umeyama 1991, closed form in 2D).
   */
  public static AffineTransform estimateSimilarity(List<Point> src, List<Point> dst) {
    int n = src.size();
    if (n < 2 || n != dst.size()) {
      throw new IllegalArgumentException("need at least 2 matching points, got " + n + " and " + dst.size());
    }
    double msx = 0, msy = 0, mdx = 0, mdy = 0;
    for (int i = 0; i < n; i++) {
      msx += src.get(i).x();
      msy += src.get(i).y();
      mdx += dst.get(i).x();
      mdy += dst.get(i).y();
    }
    msx /= n;
    msy /= n;
    mdx /= n;
    mdy /= n;
    double num1 = 0, num2 = 0, den = 0;
    for (int i = 0; i < n; i++) {
      double sx = src.get(i).x() - msx;
      double sy = src.get(i).y() - msy;
      double dx = dst.get(i).x() - mdx;
      double dy = dst.get(i).y() - mdy;
      num1 += sx * dx + sy * dy;
      num2 += sx * dy - sy * dx;
      den += sx * sx + sy * sy;
    }
    if (den < 1e-9) {
      throw new IllegalArgumentException("landmarks coincide; cannot align");
    }
    double a = num1 / den;
    double b = num2 / den;
    return new AffineTransform(a, -b, mdx - (a * msx - b * msy), b, a, mdy - (b * msx + a * msy));
  }
}
