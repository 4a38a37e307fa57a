package io.deepface.components;

import io.deepface.DeepFaceException;
import io.deepface.analysis.Age;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.FaceAttribute;
import io.deepface.analysis.Gender;
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
 * faceplugin's SSR-Net age ({@code fr_age}) or gender ({@code fr_gender}) model.
 *
 * <p>Input: the face box scaled x1.4 about its centre and shifted inside the image, resized to 64x64,
 * <b>BGR</b> with ImageNet mean and standard deviation (in that channel order), NCHW. faceplugin's
 * JavaScript feeds RGB, but the models were trained with oukohou's SSR_Net_Pytorch, which reads images with
 * OpenCV (BGR); on 79 LFW faces of 12 people of known gender BGR was right for 60 and RGB for 41. Output: SSR-Net's three stages (class probabilities,
 * index offsets and scale deltas, 3 bins each), merged as SSR-Net does (soft stagewise regression):
 * {@code sum_k sum_i (i + offset_k[i]) p_k[i] / prod_{j<=k} (3 (1 + delta_j))}, times 101 for age.
 *
 * <p>The gender model's merged value is about 0 for women and 1 for men; faceplugin's demo calls it
 * {@code Male} above 0.6. This class turns it into DeepFace's percentages with 50 % at that 0.6 cut:
 * {@code man = 50 g / 0.6} below it and {@code 50 + 50 (g - 0.6) / 0.4} above, clamped to [0, 100].
 */
public final class SsrNetModel extends RunnerComponent implements AttributeModel {
  public static final String AGE_MODEL = "faceplugin/fr_age.onnx";
  public static final String GENDER_MODEL = "faceplugin/fr_gender.onnx";
  /** faceplugin's decision threshold on the merged gender value. */
  static final double MALE_CUT = 0.6;
  private static final int SIZE = 64;
  private static final double CROP_SCALE = 1.4;
  private static final int STAGES = 3;
  private static final int BINS = 3;

  private final FaceAttribute target;
  private final TensorRunner runner;

  /**
   * @param target {@link FaceAttribute#AGE} for {@code fr_age}, {@link FaceAttribute#GENDER} for {@code fr_gender}
   */
  public SsrNetModel(ComponentInfo info, FaceAttribute target, TensorRunner runner) {
    super(info, List.of(runner));
    if (target != FaceAttribute.AGE && target != FaceAttribute.GENDER) {
      throw new IllegalArgumentException("SSR-Net predicts AGE or GENDER, not " + target);
    }
    this.target = target;
    this.runner = runner;
  }

  @Override
  public Set<FaceAttribute> attributes() {
    return Set.of(target);
  }

  @Override
  public List<AttributeValue> predict(RgbImage image, DetectedFace face) {
    int[] r = AnalysisSupport.scaledBoxInside(face.box(), CROP_SCALE, image.width(), image.height());
    RgbImage crop = AnalysisSupport.cropResize(image, r, SIZE, SIZE);
    Tensor input = ImageTensors.nchw(List.of(crop), ImageTensors.ChannelOrder.BGR, AnalysisSupport.IMAGENET_MEAN,
        AnalysisSupport.IMAGENET_STD);
    double merged = merge(runner.run(Map.of("input", input)));
    if (target == FaceAttribute.AGE) {
      return List.of(new Age(merged * 101));
    }
    double man = manPercent(merged);
    return List.of(new Gender(100 - man, man));
  }

  /** SSR-Net's stagewise merge of the nine outputs, before the range factor (101 for age, 1 for gender). */
  static double merge(Map<String, Tensor> out) {
    double result = 0;
    double denominator = 1;
    for (int k = 1; k <= STAGES; k++) {
      float[] p = output(out, "prob_stage_" + k, BINS);
      float[] offset = output(out, "index_offset_stage" + k, BINS);
      float delta = output(out, "stage" + k + "_delta_k", 1)[0];
      denominator *= BINS * (1 + delta);
      double sum = 0;
      for (int i = 0; i < BINS; i++) {
        sum += (i + offset[i]) * p[i];
      }
      result += sum / denominator;
    }
    return result;
  }

  /** The merged gender value as a percentage for Man, 50 at faceplugin's cut, clamped to [0, 100]. */
  static double manPercent(double g) {
    double man = g < MALE_CUT ? 50 * g / MALE_CUT : 50 + 50 * (g - MALE_CUT) / (1 - MALE_CUT);
    return Math.max(0, Math.min(100, man));
  }

  private static float[] output(Map<String, Tensor> out, String name, int size) {
    Tensor t = out.get(name);
    if (t == null || t.data().length != size) {
      throw new DeepFaceException("SSR-Net output " + name + " missing or not of size " + size + ": " + out.keySet());
    }
    return t.data();
  }
}
