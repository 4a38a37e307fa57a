package io.deepface.find;

import java.util.SplittableRandom;

/** Synthetic vectors for the index and store tests: clustered like face embeddings, deterministic. */
final class Synthetic {
  private Synthetic() {}

  /** {@code n} vectors of {@code dim}: {@code n / perCluster} random centres, each with noisy copies. */
  static float[][] clustered(int n, int dim, int perCluster, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int clusters = Math.max(1, n / perCluster);
    float[][] centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) {
      centres[c] = gaussian(r, dim, 1);
    }
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      float[] c = centres[r.nextInt(clusters)];
      float[] v = gaussian(r, dim, 0.6);
      for (int j = 0; j < dim; j++) {
        v[j] += c[j];
      }
      out[i] = v;
    }
    return out;
  }

  static float[] gaussian(SplittableRandom r, int dim, double sigma) {
    float[] v = new float[dim];
    for (int j = 0; j < dim; j++) {
      v[j] = (float) (sigma * r.nextGaussian());
    }
    return v;
  }
}
