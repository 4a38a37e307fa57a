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
 * MediaPipe BlazeFace (keijiro's ONNX conversion of the front / short-range and back / long-range
 * models): boxes and six keypoints, of which the two eyes and the nose tip are kept.
 *
 * <p>Input {@code input:0} [1, S, S, 3] (S = 128 front, 256 back): RGB, v / 127.5 - 1, NHWC; the image is
 * scaled to fit S x S keeping its aspect ratio and padded on the right and bottom. Outputs, for two
 * anchor groups: {@code Identity:0} [1, 512, 1] and {@code Identity_1:0} [1, 384, 1] score logits
 * (score = sigmoid(logit)), {@code Identity_2:0} [1, 512, 16] and {@code Identity_3:0} [1, 384, 16]
 * regressors. MediaPipe's SSD anchors with fixed size: the first group has 2 anchors per cell of an
 * (S / s1)^2 grid, the second 6 per cell of an (S / s2)^2 grid, (s1, s2) = (8, 16) front and (16, 32)
 * back, each centred on its cell. Regressor r of an anchor centred at (ax, ay) in input pixels: box
 * centre (ax + r0, ay + r1), size r2 x r3; keypoint k at (ax + r[4 + 2k], ay + r[5 + 2k]) for the
 * subject's right eye (image left), left eye, nose tip, mouth centre, right and left ear tragion.
 * Overlapping boxes are merged by non-maximum suppression at IoU {@value #NMS_IOU}. The mouth centre
 * is no mouth corner, so the landmarks' mouth corners are null (alignment then uses eyes and nose).
 */
public final class BlazeFaceDetector extends RunnerComponent implements FaceDetector {
  /** The two published models. */
  public enum Variant {
    /** Short range (selfie distance): 128 x 128 input. */
    FRONT("blazeface-onnx/face_detection_front_128x128_barracuda.onnx", 128, 8, 16),
    /** Long range (rear camera, smaller faces): 256 x 256 input. */
    BACK("blazeface-onnx/face_detection_back_256x256_barracuda.onnx", 256, 16, 32);

    private final String model;
    private final int size;
    private final int stride1;
    private final int stride2;

    Variant(String model, int size, int stride1, int stride2) {
      this.model = model;
      this.size = size;
      this.stride1 = stride1;
      this.stride2 = stride2;
    }

    public String model() {
      return model;
    }
  }

  private static final double NMS_IOU = 0.3;
  private static final double LOGIT_CLIP = 100;
  private static final int COORDS = 16;

  private final Variant variant;
  private final TensorRunner runner;

  public BlazeFaceDetector(ComponentInfo info, Variant variant, TensorRunner runner) {
    super(info, List.of(runner));
    this.variant = variant;
    this.runner = runner;
  }

  /** 0.5, MediaPipe's default minimum detection confidence. */
  @Override
  public double defaultConfidence() {
    return 0.5;
  }

  @Override
  public List<DetectedFace> detect(RgbImage image, double minConfidence) {
    int size = variant.size;
    Letterbox lb = Letterbox.fit(image, size, size, true, 0);
    Tensor input = ImageTensors.nhwc(List.of(lb.image()), ImageTensors.ChannelOrder.RGB, ImageTensors.all(127.5f),
        ImageTensors.all(127.5f));
    Map<String, Tensor> out = runner.run(Map.of("input:0", input));
    List<DetectedFace> faces = new ArrayList<>();
    decode(out, "Identity:0", "Identity_2:0", variant.stride1, 2, minConfidence, lb, faces);
    decode(out, "Identity_1:0", "Identity_3:0", variant.stride2, 6, minConfidence, lb, faces);
    return Nms.suppress(faces, NMS_IOU);
  }

  private void decode(Map<String, Tensor> out, String scoreName, String regressorName, int stride, int perCell,
      double minConfidence, Letterbox lb, List<DetectedFace> faces) {
    Tensor scores = out.get(scoreName);
    Tensor regressors = out.get(regressorName);
    int grid = variant.size / stride;
    int anchors = grid * grid * perCell;
    if (scores == null || regressors == null || scores.data().length != anchors
        || regressors.data().length != anchors * COORDS) {
      throw new IllegalStateException(info().name() + " expected " + anchors + " anchors in " + scoreName + " and "
          + regressorName + ", got " + out);
    }
    float[] logit = scores.data();
    float[] r = regressors.data();
    for (int a = 0; a < anchors; a++) {
      double score = 1 / (1 + Math.exp(-Math.max(-LOGIT_CLIP, Math.min(LOGIT_CLIP, logit[a]))));
      if (score < minConfidence) {
        continue;
      }
      int cell = a / perCell;
      double ax = (cell % grid + 0.5) * stride;
      double ay = (cell / grid + 0.5) * stride;
      int o = a * COORDS;
      double w = Math.abs(r[o + 2]);
      double h = Math.abs(r[o + 3]);
      FaceBox box = new FaceBox(ax + r[o] - w / 2, ay + r[o + 1] - h / 2, w, h);
      FaceLandmarks lm = new FaceLandmarks(keypoint(r, o, 0, ax, ay), keypoint(r, o, 1, ax, ay),
          keypoint(r, o, 2, ax, ay), null, null);
      faces.add(lb.toOriginal(box, score, lm));
    }
  }

  private static Point keypoint(float[] r, int o, int k, double ax, double ay) {
    return new Point(ax + r[o + 4 + 2 * k], ay + r[o + 5 + 2 * k]);
  }
}
