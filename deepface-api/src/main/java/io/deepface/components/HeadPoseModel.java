package io.deepface.components;

import io.deepface.DeepFaceException;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.FaceAttribute;
import io.deepface.analysis.HeadPose;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
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
 * faceplugin's HopeNet head-pose model ({@code fr_pose}).
 *
 * <p>Input: the face box grown by a quarter of its size on every side (clamped to the image), resized to
 * 224x224, RGB with ImageNet mean and standard deviation, NCHW. Output: 66 bins of 3 degrees for each of
 * yaw, pitch and roll; each angle is the softmax expectation {@code sum(p_i i) * 3 - 99} degrees, as
 * HopeNet decodes it. See {@link HeadPose} for the signs.
 */
public final class HeadPoseModel extends RunnerComponent implements AttributeModel {
  public static final String MODEL = "faceplugin/fr_pose.onnx";
  private static final int SIZE = 224;
  private static final int BINS = 66;
  private static final String[] OUTPUTS = {"output", "617", "618"};

  private final TensorRunner runner;

  public HeadPoseModel(ComponentInfo info, TensorRunner runner) {
    super(info, List.of(runner));
    this.runner = runner;
  }

  @Override
  public Set<FaceAttribute> attributes() {
    return Set.of(FaceAttribute.POSE);
  }

  @Override
  public List<AttributeValue> predict(RgbImage image, DetectedFace face) {
    FaceBox b = face.box();
    int[] r = AnalysisSupport.rect(b.x() - b.width() / 4, b.y() - b.height() / 4, b.right() + b.width() / 4,
        b.bottom() + b.height() / 4, image.width(), image.height());
    RgbImage crop = AnalysisSupport.cropResize(image, r, SIZE, SIZE);
    Tensor input = ImageTensors.nchw(List.of(crop), ImageTensors.ChannelOrder.RGB, AnalysisSupport.IMAGENET_MEAN,
        AnalysisSupport.IMAGENET_STD);
    Map<String, Tensor> out = runner.run(Map.of("input", input));
    double[] angles = new double[3];
    for (int a = 0; a < 3; a++) {
      Tensor t = out.get(OUTPUTS[a]);
      if (t == null || t.data().length != BINS) {
        throw new DeepFaceException(MODEL + " output " + OUTPUTS[a] + " missing or not of size " + BINS);
      }
      angles[a] = angle(t.data());
    }
    return List.of(new HeadPose(angles[0], angles[1], angles[2]));
  }

  /** HopeNet's decoding: expected bin index under the softmax, times 3 degrees, minus 99. */
  static double angle(float[] logits) {
    double[] p = AnalysisSupport.softmax(logits, 0, logits.length);
    double expected = 0;
    for (int i = 0; i < p.length; i++) {
      expected += p[i] * i;
    }
    return expected * 3 - 99;
  }
}
