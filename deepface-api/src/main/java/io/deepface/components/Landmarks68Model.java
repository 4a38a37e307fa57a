package io.deepface.components;

import io.deepface.DeepFaceException;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import io.deepface.runtime.ImageTensors;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * faceplugin's 68-point landmark model ({@code fr_landmark}, iBUG 300-W point order): the face box,
 * moved inside the image if it sticks out, resized to 64x64 grey, values / 256; the model returns 68
 * (x, y) pairs relative to that crop. Used by the {@code ultraface} detector for its landmarks and by
 * the {@code landmarks} analysis. Thread-safe; does not own its runner.
 */
public final class Landmarks68Model {
  public static final String MODEL = "faceplugin/fr_landmark.onnx";
  private static final int SIZE = 64;

  private final TensorRunner runner;

  public Landmarks68Model(TensorRunner runner) {
    this.runner = runner;
  }

  /** The 68 points of the face in {@code box}, in image coordinates. */
  public List<Point> predict(RgbImage image, FaceBox box) {
    FaceBox crop = insideImage(box, image.width(), image.height());
    int x = (int) Math.floor(crop.x());
    int y = (int) Math.floor(crop.y());
    int w = Math.max(1, Math.min(image.width() - x, (int) Math.round(crop.width())));
    int h = Math.max(1, Math.min(image.height() - y, (int) Math.round(crop.height())));
    RgbImage face = ImageOps.resize(image.crop(x, y, w, h), SIZE, SIZE);
    Tensor input = ImageTensors.grey(ImageOps.toGrey(face), SIZE, SIZE, 0f, 256f);
    Tensor result = runner.run(Map.of("input", input)).get("output");
    if (result == null || result.data().length != 136) {
      throw new DeepFaceException("the 68-point landmark model must return 136 values in 'output', got " + result);
    }
    float[] out = result.data();
    List<Point> points = new ArrayList<>(68);
    for (int i = 0; i < 68; i++) {
      points.add(new Point(out[2 * i] * w + x, out[2 * i + 1] * h + y));
    }
    return points;
  }

  /** The box shifted (not shrunk, unless larger than the image) so that it lies inside the image, as faceplugin does. */
  static FaceBox insideImage(FaceBox box, int imageW, int imageH) {
    double w = Math.min(box.width(), imageW - 1);
    double h = Math.min(box.height(), imageH - 1);
    double cx = box.x() + box.width() / 2;
    double cy = box.y() + box.height() / 2;
    double x0 = Math.max(0, Math.min(cx - w / 2, imageW - 1 - w));
    double y0 = Math.max(0, Math.min(cy - h / 2, imageH - 1 - h));
    return new FaceBox(x0, y0, Math.max(1, w), Math.max(1, h));
  }

  /**
   * The five alignment points from 68 (faceplugin's {@code convert68pts5pts}): eye centres from the four
   * eyelid points, the nose tip (30), and each mouth corner averaged with the inner lip corner.
   */
  public static FaceLandmarks fivePoints(List<Point> p) {
    if (p.size() != 68) {
      throw new IllegalArgumentException("need 68 points, got " + p.size());
    }
    Point imageLeftEye = mean(p.get(37), p.get(38), p.get(40), p.get(41));
    Point imageRightEye = mean(p.get(43), p.get(44), p.get(46), p.get(47));
    Point nose = p.get(30);
    Point imageLeftMouth = mean(p.get(48), p.get(60));
    Point imageRightMouth = mean(p.get(54), p.get(64));
    // iBUG points 36-41 are the eye on the image's left: the subject's right eye.
    return new FaceLandmarks(imageLeftEye, imageRightEye, nose, imageLeftMouth, imageRightMouth);
  }

  private static Point mean(Point... ps) {
    double x = 0;
    double y = 0;
    for (Point q : ps) {
      x += q.x();
      y += q.y();
    }
    return new Point(x / ps.length, y / ps.length);
  }
}
