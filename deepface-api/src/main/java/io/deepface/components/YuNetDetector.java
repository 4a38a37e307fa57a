package io.deepface.components;

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
 * YuNet (libfacedetection), the detector OpenCV's {@code FaceDetectorYN} runs: boxes and five landmarks.
 *
 * <p>Input: BGR, raw 0..255, NCHW, padded to a multiple of 32; images longer than the detector's maximum side
 * ({@value #MAX_SIDE} pixels unless constructed with another) are first scaled down to it. Output per stride s in 8, 16, 32 and cell (r, c):
 * score = sqrt(cls * obj), centre ((c + b0) s, (r + b1) s), size (e^b2 s, e^b3 s), landmark k at
 * ((k0 + c) s, (k1 + r) s), in the order right eye, left eye, nose, right and left mouth corner.
 */
public final class YuNetDetector extends RunnerComponent implements FaceDetector {
  public static final String MODEL = "libfacedetection/yunet_n_dynamic.onnx";
  /** The longest side the model sees by default: photos up to about 1024 pixels run at their own resolution. */
  public static final int MAX_SIDE = 1024;
  /** Photos smaller than this are padded (not enlarged) to it: a 32-pixel input leaves too small a map at stride 32. */
  static final int MIN_INPUT_SIDE = 64;
  private static final int[] STRIDES = {8, 16, 32};
  private static final double NMS_IOU = 0.3;

  private final TensorRunner runner;
  private final int maxSide;

  /** A detector that scales photos down to {@value #MAX_SIDE} pixels on their long side. */
  public YuNetDetector(ComponentInfo info, TensorRunner runner) {
    this(info, runner, MAX_SIDE);
  }

  /** A detector that scales photos down to {@code maxSide} pixels on their long side (at least 32). */
  public YuNetDetector(ComponentInfo info, TensorRunner runner, int maxSide) {
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

  /**
   * 0.7: the threshold 5-fold cross-validation on wider-dev picks (best F1, four folds of five; at 0.6, the value
   * this detector used before it looked at photos at up to 1024 pixels, it makes 0.27 false detections per photo).
   */
  @Override
  public double defaultConfidence() {
    return 0.7;
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
    Tensor input = ImageTensors.nchw(List.of(in), ImageTensors.ChannelOrder.BGR, ImageTensors.all(0), ImageTensors.all(1));
    Map<String, Tensor> out = runner.run(Map.of("input", input));
    List<DetectedFace> faces = new ArrayList<>();
    for (int s : STRIDES) {
      float[] cls = out.get("cls_" + s).data();
      float[] obj = out.get("obj_" + s).data();
      float[] bbox = out.get("bbox_" + s).data();
      float[] kps = out.get("kps_" + s).data();
      int cols = in.width() / s;
      for (int idx = 0; idx < cls.length; idx++) {
        double score = Math.sqrt(clamp01(cls[idx]) * clamp01(obj[idx]));
        if (score < minConfidence) {
          continue;
        }
        int r = idx / cols;
        int c = idx % cols;
        double cx = (c + bbox[idx * 4]) * s;
        double cy = (r + bbox[idx * 4 + 1]) * s;
        double w = Math.exp(bbox[idx * 4 + 2]) * s;
        double h = Math.exp(bbox[idx * 4 + 3]) * s;
        Point[] p = new Point[5];
        for (int k = 0; k < 5; k++) {
          p[k] = new Point((kps[idx * 10 + 2 * k] + c) * s, (kps[idx * 10 + 2 * k + 1] + r) * s);
        }
        faces.add(lb.toOriginal(new FaceBox(cx - w / 2, cy - h / 2, w, h), score,
            new FaceLandmarks(p[0], p[1], p[2], p[3], p[4])));
      }
    }
    return Nms.suppress(faces, NMS_IOU);
  }

  private static double clamp01(float v) {
    return Math.max(0, Math.min(1, v));
  }
}
