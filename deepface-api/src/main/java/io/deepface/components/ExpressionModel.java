package io.deepface.components;

import io.deepface.DeepFaceException;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.Emotion;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
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
 * faceplugin's facial expression model ({@code fr_expression}): seven emotions in DeepFace's label order
 * (angry, disgust, fear, happy, sad, surprise, neutral; faceplugin's demo names them the same way, with
 * "smile" for happy).
 *
 * <p>Input: the face box grown by 10 % of its size on every side (clamped to the image), resized to
 * 224x224, <b>grey</b> ({@link ImageOps#toGrey}) in all three channels, values / 255, NCHW. Output: seven
 * logits, turned into percentages with a softmax.
 *
 * <p>This departs from faceplugin's JavaScript, which feeds colour and crops 1.2 times the box from its
 * top-left corner: the DenseNet-121 behaves as if trained on grey faces (as in FER-2013). On the seven
 * labelled photos of {@code faceapi-examples/emotions.csv}, the shipping preprocessing names 2 right;
 * grey input with a centred crop names 5 (with the box alone or a square crop, also 5).
 */
public final class ExpressionModel extends RunnerComponent implements AttributeModel {
  public static final String MODEL = "faceplugin/fr_expression.onnx";
  private static final int SIZE = 224;
  private static final double MARGIN = 0.1;

  private final TensorRunner runner;

  public ExpressionModel(ComponentInfo info, TensorRunner runner) {
    super(info, List.of(runner));
    this.runner = runner;
  }

  @Override
  public Set<FaceAttribute> attributes() {
    return Set.of(FaceAttribute.EMOTION);
  }

  @Override
  public List<AttributeValue> predict(RgbImage image, DetectedFace face) {
    FaceBox b = face.box();
    double mx = b.width() * MARGIN;
    double my = b.height() * MARGIN;
    int[] r = AnalysisSupport.rect(b.x() - mx, b.y() - my, b.right() + mx, b.bottom() + my, image.width(),
        image.height());
    byte[] grey = ImageOps.toGrey(AnalysisSupport.cropResize(image, r, SIZE, SIZE));
    float[] plane = ImageTensors.grey(grey, SIZE, SIZE, 0f, 255f).data();
    float[] data = new float[3 * plane.length];
    for (int c = 0; c < 3; c++) {
      System.arraycopy(plane, 0, data, c * plane.length, plane.length);
    }
    Tensor input = Tensor.of(data, 1, 3, SIZE, SIZE);
    float[] logits = only(runner.run(Map.of("input", input))).data();
    if (logits.length != Emotion.LABELS.size()) {
      throw new DeepFaceException(MODEL + " returned " + logits.length + " values, expected " + Emotion.LABELS.size());
    }
    return List.of(Emotion.fromProbabilities(AnalysisSupport.softmax(logits, 0, logits.length)));
  }
}
