package io.deepface.components;

import io.deepface.DeepFaceException;
import io.deepface.analysis.AntiSpoof;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.DetectedFace;
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
 * Silent-Face anti-spoofing (minivision-ai): MiniFASNetV2 and MiniFASNetV1SE together, the pair DeepFace's
 * FasNet uses.
 *
 * <p>Each model reads the face box scaled about its centre (x2.7 for V2, x4.0 for V1SE; less when the image
 * is too small) and shifted inside the image, resized to 80x80, BGR, raw 0..255, NCHW; it returns three
 * logits (class 1 = real; 0 and 2 are attacks). The two softmaxes are averaged; the face is real when class
 * 1 has the highest mean probability, as in DeepFace.
 */
public final class MiniFasNetModel extends RunnerComponent implements AttributeModel {
  public static final String V2_MODEL = "anti-spoofing/MiniFASNetV2.onnx";
  public static final String V1SE_MODEL = "anti-spoofing/MiniFASNetV1SE.onnx";
  private static final int SIZE = 80;
  private static final int REAL = 1;

  private final TensorRunner v2;
  private final TensorRunner v1se;

  public MiniFasNetModel(ComponentInfo info, TensorRunner v2, TensorRunner v1se) {
    super(info, List.of(v2, v1se));
    this.v2 = v2;
    this.v1se = v1se;
  }

  @Override
  public Set<FaceAttribute> attributes() {
    return Set.of(FaceAttribute.SPOOF);
  }

  @Override
  public List<AttributeValue> predict(RgbImage image, DetectedFace face) {
    double[] a = probabilities(v2, image, face, 2.7);
    double[] b = probabilities(v1se, image, face, 4.0);
    double[] mean = new double[3];
    int best = 0;
    for (int i = 0; i < 3; i++) {
      mean[i] = (a[i] + b[i]) / 2;
      if (mean[i] > mean[best]) {
        best = i;
      }
    }
    return List.of(new AntiSpoof(best == REAL, clamp01(mean[best]), clamp01(mean[REAL])));
  }

  private static double[] probabilities(TensorRunner runner, RgbImage image, DetectedFace face, double scale) {
    int[] r = AnalysisSupport.scaledBoxInside(face.box(), scale, image.width(), image.height());
    RgbImage crop = AnalysisSupport.cropResize(image, r, SIZE, SIZE);
    Tensor input = ImageTensors.nchw(List.of(crop), ImageTensors.ChannelOrder.BGR, ImageTensors.all(0),
        ImageTensors.all(1));
    float[] logits = only(runner.run(Map.of("input", input))).data();
    if (logits.length != 3) {
      throw new DeepFaceException("MiniFASNet returned " + logits.length + " values, expected 3");
    }
    return AnalysisSupport.softmax(logits, 0, 3);
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
