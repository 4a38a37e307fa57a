package io.deepface.components;

import io.deepface.DeepFaceException;
import io.deepface.image.RgbImage;
import io.deepface.runtime.ImageTensors;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.AlignmentSpec;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.FaceEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An embedder that reads an aligned crop as one normalised NCHW tensor and returns one vector per face:
 * the shape of ArcFace-family models (faceplugin's {@code fr_feature}, MobileFaceNet).
 */
public final class AlignedFaceEmbedder extends RunnerComponent implements FaceEmbedder {
  /** How one model wants its input. */
  public record Spec(String modelId, String inputName, int dimension, AlignmentSpec alignment,
      ImageTensors.ChannelOrder order, float mean, float std, int maxBatch) {}

  private final Spec spec;
  private final TensorRunner runner;

  public AlignedFaceEmbedder(ComponentInfo info, Spec spec, TensorRunner runner) {
    super(info, List.of(runner));
    this.spec = spec;
    this.runner = runner;
  }

  @Override
  public int dimension() {
    return spec.dimension();
  }

  @Override
  public AlignmentSpec alignment() {
    return spec.alignment();
  }

  @Override
  public float[][] embed(List<RgbImage> faces) {
    float[][] out = new float[faces.size()][];
    for (int start = 0; start < faces.size(); start += spec.maxBatch()) {
      List<RgbImage> batch = new ArrayList<>(faces.subList(start, Math.min(faces.size(), start + spec.maxBatch())));
      for (RgbImage f : batch) {
        if (f.width() != spec.alignment().width() || f.height() != spec.alignment().height()) {
          throw new IllegalArgumentException(info().name() + " needs " + spec.alignment().width() + "x"
              + spec.alignment().height() + " crops, got " + f);
        }
      }
      Tensor input = ImageTensors.nchw(batch, spec.order(), ImageTensors.all(spec.mean()), ImageTensors.all(spec.std()));
      Tensor result = only(runner.run(Map.of(spec.inputName(), input)));
      int dim = spec.dimension();
      if (result.data().length != batch.size() * dim) {
        throw new DeepFaceException(info().name() + " returned " + result + " for " + batch.size() + " faces");
      }
      for (int i = 0; i < batch.size(); i++) {
        float[] v = new float[dim];
        System.arraycopy(result.data(), i * dim, v, 0, dim);
        out[start + i] = v;
      }
    }
    return out;
  }
}
