package io.deepface.components;

import io.deepface.DeepFaceException;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.image.ImageOps;
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
 * Ultra-Light-Fast-Generic-Face-Detector RFB-320 as faceplugin ships it ({@code fr_detect}), with five
 * landmarks from faceplugin's 68-point model ({@link Landmarks68Model}).
 *
 * <p>Input {@code input} [1, 3, 240, 320]: the whole image stretched to 320 x 240 (as upstream and
 * faceplugin do), RGB, (v - 127) / 128, NCHW. Outputs {@code scores} [1, 4420, 2] (softmaxed; score =
 * scores[a][1]) and {@code boxes} [1, 4420, 4]. The graph already decodes its priors: {@code boxes} are
 * corner coordinates (x1, y1, x2, y2) normalised to 0..1 of the input, so they map onto any image by
 * its width and height (checked: neighbouring priors give the same box; the priors in the model's
 * documentation apply to the raw regressions inside the graph). Boxes scoring at least the threshold
 * go through non-maximum suppression at IoU {@value #NMS_IOU} (faceplugin's threshold), then are made
 * square (side = height, about the centre) as faceplugin does; the 68 landmarks are predicted in that
 * square and reduced to five by {@link Landmarks68Model#fivePoints}.
 */
public final class UltraFaceDetector extends RunnerComponent implements FaceDetector {
  public static final String MODEL = "faceplugin/fr_detect.onnx";
  private static final int W = 320;
  private static final int H = 240;
  private static final double NMS_IOU = 0.4;

  private final TensorRunner runner;
  private final Landmarks68Model landmarks;

  /** Uses {@code detector} for boxes and {@code landmarkRunner} ({@link Landmarks68Model#MODEL}) for points; closes both. */
  public UltraFaceDetector(ComponentInfo info, TensorRunner detector, TensorRunner landmarkRunner) {
    super(info, List.of(detector, landmarkRunner));
    this.runner = detector;
    this.landmarks = new Landmarks68Model(landmarkRunner);
  }

  /** 0.65, faceplugin's threshold. */
  @Override
  public double defaultConfidence() {
    return 0.65;
  }

  @Override
  public List<DetectedFace> detect(RgbImage image, double minConfidence) {
    RgbImage in = ImageOps.resize(image, W, H);
    Tensor input = ImageTensors.nchw(List.of(in), ImageTensors.ChannelOrder.RGB, ImageTensors.all(127f),
        ImageTensors.all(128f));
    Map<String, Tensor> out = runner.run(Map.of("input", input));
    float[] scores = out.get("scores").data();
    float[] boxes = out.get("boxes").data();
    if (scores.length * 2 != boxes.length) {
      throw new DeepFaceException(info().name() + " returned " + out.get("scores") + " and " + out.get("boxes"));
    }
    List<DetectedFace> candidates = new ArrayList<>();
    for (int a = 0; a < scores.length / 2; a++) {
      double score = scores[a * 2 + 1];
      if (score < minConfidence) {
        continue;
      }
      double x1 = boxes[a * 4] * image.width();
      double y1 = boxes[a * 4 + 1] * image.height();
      double x2 = boxes[a * 4 + 2] * image.width();
      double y2 = boxes[a * 4 + 3] * image.height();
      if (x2 > x1 && y2 > y1) {
        candidates.add(new DetectedFace(new FaceBox(x1, y1, x2 - x1, y2 - y1), Math.min(1, score), null));
      }
    }
    List<DetectedFace> faces = new ArrayList<>();
    for (DetectedFace f : Nms.suppress(candidates, NMS_IOU)) {
      FaceBox b = f.box();
      double side = b.height();
      FaceBox square = new FaceBox(b.center().x() - side / 2, b.y(), side, side);
      faces.add(new DetectedFace(square, f.confidence(), Landmarks68Model.fivePoints(landmarks.predict(image, square))));
    }
    return faces;
  }
}
