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
 * <p>Input: BGR, raw 0..255, NCHW, padded to a multiple of 32; images larger than {@value #MAX_SIDE}
 * pixels on their long side are first scaled down. Output per stride s in 8, 16, 32 and cell (r, c):
 * score = sqrt(cls * obj), centre ((c + b0) s, (r + b1) s), size (e^b2 s, e^b3 s), landmark k at
 * ((k0 + c) s, (k1 + r) s), in the order right eye, left eye, nose, right and left mouth corner.
 */
public final class YuNetDetector extends RunnerComponent implements FaceDetector {
  public static final String MODEL = "libfacedetection/yunet_n_dynamic.onnx";
  static final int MAX_SIDE = 640;
  private static final int[] STRIDES = {8, 16, 32};
  private static final double NMS_IOU = 0.3;

  private final TensorRunner runner;

  public YuNetDetector(ComponentInfo info, TensorRunner runner) {
    super(info, List.of(runner));
    this.runner = runner;
  }

  @Override
  public double defaultConfidence() {
    return 0.6;
  }

  @Override
  public List<DetectedFace> detect(RgbImage image, double minConfidence) {
    Letterbox lb = Letterbox.fit(image, MAX_SIDE, MAX_SIDE, false, 32);
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
