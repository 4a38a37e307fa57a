package io.deepface.components;

import io.deepface.DeepFaceException;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.EyeState;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.DetectedFace;
import io.deepface.face.Point;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import io.deepface.runtime.ImageTensors;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.ComponentInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * faceplugin's eye open/closed model ({@code fr_eye}), fed with eye crops placed by the 68 landmarks
 * ({@link Landmarks68Model}).
 *
 * <p>Each eye's crop, as faceplugin places it: a square centred on the mean of the four eyelid points
 * (37, 38, 40, 41 for the eye on the image's left; 43, 44, 46, 47 for the other), 1.6 times the distance
 * between the eye's corners (36 to 39, 42 to 45) on a side, clamped to the image; resized to 24x24 grey,
 * values / 255. Output: two logits, softmaxed; class 0 is "closed" and class 1 "open" (faceplugin's demo
 * prints "Close" when the first is larger).
 */
public final class EyeStateModel extends RunnerComponent implements AttributeModel {
  public static final String MODEL = "faceplugin/fr_eye.onnx";
  private static final int SIZE = 24;
  private static final double PADDING = 1.6;

  private final Landmarks68Model landmarks;
  private final TensorRunner eyes;

  public EyeStateModel(ComponentInfo info, TensorRunner landmarkRunner, TensorRunner eyeRunner) {
    super(info, List.of(landmarkRunner, eyeRunner));
    this.landmarks = new Landmarks68Model(landmarkRunner);
    this.eyes = eyeRunner;
  }

  @Override
  public Set<FaceAttribute> attributes() {
    return Set.of(FaceAttribute.EYES);
  }

  @Override
  public List<AttributeValue> predict(RgbImage image, DetectedFace face) {
    List<Point> p = landmarks.predict(image, face.box());
    // Points 36-41 are the eye on the image's left: the person's right eye.
    double right = openProbability(image, p, 36);
    double left = openProbability(image, p, 42);
    return List.of(new EyeState(right, left));
  }

  private double openProbability(RgbImage image, List<Point> p, int first) {
    double cx = (p.get(first + 1).x() + p.get(first + 2).x() + p.get(first + 4).x() + p.get(first + 5).x()) / 4;
    double cy = (p.get(first + 1).y() + p.get(first + 2).y() + p.get(first + 4).y() + p.get(first + 5).y()) / 4;
    double side = Math.max(2, (p.get(first + 3).x() - p.get(first).x()) * PADDING);
    int[] r = AnalysisSupport.rect(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2, image.width(),
        image.height());
    RgbImage eye = AnalysisSupport.cropResize(image, r, SIZE, SIZE);
    Tensor input = ImageTensors.grey(ImageOps.toGrey(eye), SIZE, SIZE, 0f, 255f);
    float[] logits = only(eyes.run(Map.of("input", input))).data();
    if (logits.length != 2) {
      throw new DeepFaceException(MODEL + " returned " + logits.length + " values, expected 2");
    }
    return AnalysisSupport.softmax(logits, 0, 2)[1];
  }
}
