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
 * MediaPipe BlazeFace: boxes and six keypoints, of which the two eyes and the nose tip are kept. Runs
 * keijiro's ONNX conversion of the front / short-range and back / long-range models, and MediaPipe's own
 * TFLite short-range and full-range models (for backends that run TFLite).
 *
 * <p>Input [1, S, S, 3] (S = 128 front and short range, 256 back, 192 full range): RGB, v / 127.5 - 1,
 * NHWC; the image is scaled to fit S x S keeping its aspect ratio and padded on the right and bottom.
 * Outputs: per head, score logits [1, A, 1] (score = sigmoid(logit)) and regressors [1, A, 16]. A head
 * covers one or more anchor layers in order; a layer of stride s has {@code perCell} anchors per cell of
 * an (S / s)^2 grid, each centred on its cell (MediaPipe's SSD anchors with fixed size). keijiro's models
 * have one head per layer ({@code Identity:0} / {@code Identity_2:0} for the first, {@code Identity_1:0} /
 * {@code Identity_3:0} for the second; (s, perCell) = (8, 2), (16, 6) front and (16, 2), (32, 6) back);
 * MediaPipe's TFLite models have one head ({@code classificators} / {@code regressors}) over layers
 * (8, 2), (16, 6) for short range, and ({@code reshaped_classifier_face_4} / {@code reshaped_regressor_face_4})
 * over one layer (4, 1) for full range. Regressor r of an anchor centred at (ax, ay) in input pixels: box
 * centre (ax + r0, ay + r1), size r2 x r3; keypoint k at (ax + r[4 + 2k], ay + r[5 + 2k]) for the
 * subject's right eye (image left), left eye, nose tip, mouth centre, right and left ear tragion.
 * Overlapping boxes are merged by non-maximum suppression at IoU {@value #NMS_IOU}. The mouth centre
 * is no mouth corner, so the landmarks' mouth corners are null (alignment then uses eyes and nose).
 */
public final class BlazeFaceDetector extends RunnerComponent implements FaceDetector {
  /** Anchors of one feature map: {@code perCell} anchors per cell of a grid with cells {@code stride} pixels wide. */
  private record Layer(int stride, int perCell) {}

  /** One pair of outputs: scores and regressors for the anchors of {@code layers}, in order. */
  private record Head(String scores, String regressors, List<Layer> layers) {}

  /** The published models. */
  public enum Variant {
    /** Short range (selfie distance), keijiro's ONNX: 128 x 128 input. */
    FRONT("blazeface-onnx/face_detection_front_128x128_barracuda.onnx", 128, "input:0",
        new Head("Identity:0", "Identity_2:0", List.of(new Layer(8, 2))),
        new Head("Identity_1:0", "Identity_3:0", List.of(new Layer(16, 6)))),
    /** Long range (rear camera, smaller faces), keijiro's ONNX: 256 x 256 input. */
    BACK("blazeface-onnx/face_detection_back_256x256_barracuda.onnx", 256, "input:0",
        new Head("Identity:0", "Identity_2:0", List.of(new Layer(16, 2))),
        new Head("Identity_1:0", "Identity_3:0", List.of(new Layer(32, 6)))),
    /** MediaPipe's TFLite short-range model (faces within about 2 m): 128 x 128 input. */
    MEDIAPIPE_SHORT("mediapipe/face_detection_short_range.tflite", 128, "input",
        new Head("classificators", "regressors", List.of(new Layer(8, 2), new Layer(16, 6)))),
    /** MediaPipe's TFLite full-range model (faces within about 5 m, smaller in the picture): 192 x 192 input. */
    MEDIAPIPE_FULL("mediapipe/face_detection_full_range.tflite", 192, "input",
        new Head("reshaped_classifier_face_4", "reshaped_regressor_face_4", List.of(new Layer(4, 1))));

    private final String model;
    private final int size;
    private final String input;
    private final List<Head> heads;

    Variant(String model, int size, String input, Head... heads) {
      this.model = model;
      this.size = size;
      this.input = input;
      this.heads = List.of(heads);
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
    Map<String, Tensor> out = runner.run(Map.of(variant.input, input));
    List<DetectedFace> faces = new ArrayList<>();
    for (Head head : variant.heads) {
      decode(out, head, minConfidence, lb, faces);
    }
    return Nms.suppress(faces, NMS_IOU);
  }

  private void decode(Map<String, Tensor> out, Head head, double minConfidence, Letterbox lb, List<DetectedFace> faces) {
    Tensor scores = out.get(head.scores());
    Tensor regressors = out.get(head.regressors());
    int anchors = 0;
    for (Layer layer : head.layers()) {
      int grid = variant.size / layer.stride();
      anchors += grid * grid * layer.perCell();
    }
    if (scores == null || regressors == null || scores.data().length != anchors
        || regressors.data().length != anchors * COORDS) {
      throw new DeepFaceException(info().name() + " expected " + anchors + " anchors in " + head.scores() + " and "
          + head.regressors() + ", got " + out);
    }
    float[] logit = scores.data();
    float[] r = regressors.data();
    int first = 0;
    for (Layer layer : head.layers()) {
      int grid = variant.size / layer.stride();
      int count = grid * grid * layer.perCell();
      for (int i = 0; i < count; i++) {
        int a = first + i;
        double score = 1 / (1 + Math.exp(-Math.max(-LOGIT_CLIP, Math.min(LOGIT_CLIP, logit[a]))));
        if (score < minConfidence) {
          continue;
        }
        int cell = i / layer.perCell();
        double ax = (cell % grid + 0.5) * layer.stride();
        double ay = (cell / grid + 0.5) * layer.stride();
        int o = a * COORDS;
        double w = Math.abs(r[o + 2]);
        double h = Math.abs(r[o + 3]);
        FaceBox box = new FaceBox(ax + r[o] - w / 2, ay + r[o + 1] - h / 2, w, h);
        FaceLandmarks lm = new FaceLandmarks(keypoint(r, o, 0, ax, ay), keypoint(r, o, 1, ax, ay),
            keypoint(r, o, 2, ax, ay), null, null);
        faces.add(lb.toOriginal(box, score, lm));
      }
      first += count;
    }
  }

  private static Point keypoint(float[] r, int o, int k, double ax, double ay) {
    return new Point(ax + r[o + 4 + 2 * k], ay + r[o + 5 + 2 * k]);
  }
}
