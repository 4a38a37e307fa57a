package io.deepface.components;

import io.deepface.image.RgbImage;
import io.deepface.internal.Closeables;
import io.deepface.internal.Parallel;
import io.deepface.spi.AlignmentSpec;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.FaceEmbedder;
import io.deepface.verify.Vectors;
import java.util.List;

/**
 * Several embedders trained with the same alignment, fused: each part's vector is normalised, scaled by
 * the square root of its weight and concatenated. The fused vector has unit length and its cosine
 * similarity to another is the weighted mean of the parts' cosine similarities, so models from
 * different training recipes correct each other's mistakes (see MODELS.md and the LFW table). The parts run at
 * once on several cores ({@link Parallel}).
 */
public final class FusedEmbedder implements FaceEmbedder {
  private final ComponentInfo info;
  private final List<FaceEmbedder> parts;
  private final double[] weights;
  private final int dimension;

  /** {@code weights} are positive and sum to 1; every part must use the same alignment. */
  public FusedEmbedder(ComponentInfo info, List<FaceEmbedder> parts, double[] weights) {
    if (parts.size() != weights.length || parts.isEmpty()) {
      throw new IllegalArgumentException("need one weight per part");
    }
    double sum = 0;
    for (double w : weights) {
      if (!(w > 0)) {
        throw new IllegalArgumentException("weights must be positive");
      }
      sum += w;
    }
    if (Math.abs(sum - 1) > 1e-9) {
      throw new IllegalArgumentException("weights must sum to 1, got " + sum);
    }
    for (FaceEmbedder p : parts) {
      if (!p.alignment().equals(parts.get(0).alignment())) {
        throw new IllegalArgumentException("fused embedders must share one alignment");
      }
    }
    this.info = info;
    this.parts = List.copyOf(parts);
    this.weights = weights.clone();
    this.dimension = parts.stream().mapToInt(FaceEmbedder::dimension).sum();
  }

  @Override
  public ComponentInfo info() {
    return info;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public AlignmentSpec alignment() {
    return parts.get(0).alignment();
  }

  @Override
  public float[][] embed(List<RgbImage> faces) {
    float[][] out = new float[faces.size()][dimension];
    // The parts are independent models: on several cores they run at once.
    List<float[][]> vectors = Parallel.map(parts, part -> part.embed(faces));
    int offset = 0;
    for (int p = 0; p < parts.size(); p++) {
      float[][] v = vectors.get(p);
      float k = (float) Math.sqrt(weights[p]);
      for (int i = 0; i < faces.size(); i++) {
        float[] n = Vectors.normalize(v[i]);
        for (int j = 0; j < n.length; j++) {
          out[i][offset + j] = n[j] * k;
        }
      }
      offset += parts.get(p).dimension();
    }
    return out;
  }

  @Override
  public void close() {
    Closeables.closeAll(parts);
  }
}
