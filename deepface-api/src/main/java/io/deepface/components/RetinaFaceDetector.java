package io.deepface.components;

import io.deepface.DeepFaceException;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.image.RgbImage;
import io.deepface.runtime.ImageTensors;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.FaceDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RetinaFace with a MobileNet-0.25 backbone (biubug6/Pytorch_Retinaface weights, exported by
 * libfacedetection.train): boxes and five landmarks.
 *
 * <p>Input {@code input} [1, 3, H, W]: BGR minus (104, 117, 123), NCHW, padded on the right and bottom to
 * a multiple of 32; images longer than the detector's maximum side ({@value #MAX_SIDE} pixels unless
 * constructed with another) are first scaled down to it. The smallest prior is 16 pixels, so scaling a photo
 * down loses its small faces: at 640 pixels a 1024-pixel-wide photo keeps 10 % of its faces 16-24 pixels wide,
 * at 1024 a third of them (wider-dev); smaller photos (LFW's 250 x 250) are never scaled. Outputs per prior a: {@code loc} [1, A, 4], {@code conf} [1, A, 2] (already softmaxed; score =
 * conf[a][1]) and {@code iou} [1, A, 10] (five landmark offsets). Priors, in output order: per step s in
 * 8, 16, 32, per cell (row i, column j) of the ceil(H/s) x ceil(W/s) map, per min size m of
 * [16, 32], [64, 128], [256, 512]: centre ((j + 0.5) s, (i + 0.5) s), size m x m. Decoding (variances
 * 0.1, 0.2): centre = prior centre + 0.1 loc[0..1] m, size = m e^(0.2 loc[2..3]), landmark k = prior
 * centre + 0.1 iou[2k..2k+1] m, in the order right eye (image left), left eye, nose, right and left mouth
 * corner. Overlapping boxes are merged by non-maximum suppression at IoU {@value #NMS_IOU}.
 */
public final class RetinaFaceDetector extends RunnerComponent implements FaceDetector {
  public static final String MODEL = "libfacedetection/retinaface_mbnet0.25.onnx";
  /** The longest side the model sees by default: photos up to about 1024 pixels run at their own resolution. */
  public static final int MAX_SIDE = 1024;
  /** Photos smaller than this are padded (not enlarged) to it: a 32-pixel input leaves too small a map at stride 32. */
  static final int MIN_INPUT_SIDE = 64;
  private static final int[] STEPS = {8, 16, 32};
  private static final int[][] MIN_SIZES = {{16, 32}, {64, 128}, {256, 512}};
  private static final double CENTRE_VARIANCE = 0.1;
  private static final double SIZE_VARIANCE = 0.2;
  private static final double NMS_IOU = 0.4;
  private static final float[] MEAN_BGR = {104f, 117f, 123f};

  private final TensorRunner runner;
  private final int maxSide;

  /** A detector that scales photos down to {@value #MAX_SIDE} pixels on their long side. */
  public RetinaFaceDetector(ComponentInfo info, TensorRunner runner) {
    this(info, runner, MAX_SIDE);
  }

  /** A detector that scales photos down to {@code maxSide} pixels on their long side (at least 32). */
  public RetinaFaceDetector(ComponentInfo info, TensorRunner runner, int maxSide) {
    super(info, List.of(runner));
    if (maxSide < 32) {
      throw new IllegalArgumentException("maxSide must be at least 32, got " + maxSide);
    }
    this.runner = runner;
    this.maxSide = maxSide;
  }

  /** The longest side the model sees. */
  public int maxSide() {
    return maxSide;
  }

  /** 0.9, the threshold Python DeepFace's {@code retinaface} backend uses. */
  @Override
  public double defaultConfidence() {
    return 0.9;
  }

  @Override
  public List<DetectedFace> detect(RgbImage image, double minConfidence) {
    return detect(letterbox(image), minConfidence);
  }

  /** The image as this detector feeds it to the model. */
  Letterbox letterbox(RgbImage image) {
    return Letterbox.fit(image, maxSide, maxSide, false, 32, MIN_INPUT_SIDE);
  }

  /** {@link #detect(RgbImage, double)} on an image already letterboxed by {@link #letterbox}. */
  List<DetectedFace> detect(Letterbox lb, double minConfidence) {
    RgbImage in = lb.image();
    Tensor input = ImageTensors.nchw(List.of(in), ImageTensors.ChannelOrder.BGR, MEAN_BGR, ImageTensors.all(1));
    Map<String, Tensor> out = runner.run(Map.of("input", input));
    float[] loc = out.get("loc").data();
    float[] conf = out.get("conf").data();
    float[] kps = out.get("iou").data();
    int priors = priorCount(in.width(), in.height());
    if (loc.length != priors * 4 || conf.length != priors * 2 || kps.length != priors * 10) {
      throw new DeepFaceException(info().name() + " returned " + out.get("loc") + ", " + out.get("conf") + ", "
          + out.get("iou") + " for " + priors + " priors of a " + in.width() + "x" + in.height() + " input");
    }
    List<DetectedFace> faces = new ArrayList<>();
    int a = 0;
    for (int k = 0; k < STEPS.length; k++) {
      int s = STEPS[k];
      int rows = ceilDiv(in.height(), s);
      int cols = ceilDiv(in.width(), s);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          for (int m : MIN_SIZES[k]) {
            double score = conf[a * 2 + 1];
            // A runtime that mishandles a tiny input (OpenCV DNN below the network's stride) returns uninitialised
            // values: a score outside [0, 1] or a non-finite box is no face. A sound output never has either.
            if (score >= minConfidence && score <= 1 && finite(loc, a * 4, 4) && finite(kps, a * 10, 10)) {
              faces.add(lb.toOriginal(box(loc, a, (j + 0.5) * s, (i + 0.5) * s, m), score,
                  landmarks(kps, a, (j + 0.5) * s, (i + 0.5) * s, m)));
            }
            a++;
          }
        }
      }
    }
    return Nms.suppress(faces, NMS_IOU);
  }

  private static boolean finite(float[] values, int from, int n) {
    for (int i = from; i < from + n; i++) {
      if (!Float.isFinite(values[i]) || Math.abs(values[i]) > 1e3) {
        return false;
      }
    }
    return true;
  }

  private static FaceBox box(float[] loc, int a, double px, double py, int m) {
    double cx = px + loc[a * 4] * CENTRE_VARIANCE * m;
    double cy = py + loc[a * 4 + 1] * CENTRE_VARIANCE * m;
    double w = m * Math.exp(loc[a * 4 + 2] * SIZE_VARIANCE);
    double h = m * Math.exp(loc[a * 4 + 3] * SIZE_VARIANCE);
    return new FaceBox(cx - w / 2, cy - h / 2, w, h);
  }

  private static FaceLandmarks landmarks(float[] kps, int a, double px, double py, int m) {
    Point[] p = new Point[5];
    for (int k = 0; k < 5; k++) {
      p[k] = new Point(px + kps[a * 10 + 2 * k] * CENTRE_VARIANCE * m, py + kps[a * 10 + 2 * k + 1] * CENTRE_VARIANCE * m);
    }
    return new FaceLandmarks(p[0], p[1], p[2], p[3], p[4]);
  }

  static int priorCount(int w, int h) {
    int n = 0;
    for (int k = 0; k < STEPS.length; k++) {
      n += ceilDiv(w, STEPS[k]) * ceilDiv(h, STEPS[k]) * MIN_SIZES[k].length;
    }
    return n;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
