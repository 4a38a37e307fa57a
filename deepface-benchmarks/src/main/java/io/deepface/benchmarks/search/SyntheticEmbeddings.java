package io.deepface.benchmarks.search;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Deterministic synthetic unit vectors for search benchmarks: vector {@code i} depends only on the seed and
 * {@code i}, so two runs (or an exact and an approximate index) see the same data.
 *
 * <p>{@code uniform}: uniform on the sphere (no structure: the hardest case for a graph index, and unlike
 * face embeddings). Otherwise a face gallery is imitated: identities with centres in a random
 * 64-dimensional subspace (different people have cosine similarity of about 0 +- 0.12), about five photos
 * each (vector {@code i} picks its identity by hash), made by adding isotropic noise so that two photos of one
 * person have cosine similarity of about 0.6, as ArcFace-style models give. Queries are new photos of enrolled
 * people.
 */
public final class SyntheticEmbeddings {
  private final int dim;
  private final int size;
  private final long seed;
  private final boolean uniform;
  private final int identities;
  private final float[][] basis;

  public SyntheticEmbeddings(int dim, int size, long seed, boolean uniform) {
    if (dim < 1 || size < 1) {
      throw new IllegalArgumentException("dimension and size must be positive: " + dim + ", " + size);
    }
    this.dim = dim;
    this.size = size;
    this.seed = seed;
    this.uniform = uniform;
    this.identities = Math.max(1, size / 5);
    SplittableRandom r = new SplittableRandom(seed);
    basis = new float[64][dim];
    for (float[] b : basis) {
      for (int j = 0; j < dim; j++) {
        b[j] = (float) r.nextGaussian();
      }
    }
  }

  public int size() {
    return size;
  }

  public int dimension() {
    return dim;
  }

  /** Vectors {@code start} (inclusive) to {@code end} (exclusive), generated on all cores. */
  public List<float[]> vectors(int start, int end) {
    return IntStream.range(start, end).parallel().mapToObj(i -> sample(seed * 31 + i, identityOf(i))).toList();
  }

  /** {@code count} query vectors: new samples of enrolled identities. */
  public float[][] queries(int count) {
    SplittableRandom r = new SplittableRandom(seed + 7);
    float[][] qs = new float[count][];
    for (int i = 0; i < count; i++) {
      qs[i] = sample(-1 - i - seed, r.nextInt(identities));
    }
    return qs;
  }

  /** Identity of vector i, by hash: about 5 vectors per identity on average. */
  private int identityOf(long i) {
    return (int) Math.floorMod(mix(i * 0x9E3779B97F4A7C15L + seed), (long) identities);
  }

  private float[] centre(int identity) {
    SplittableRandom r = new SplittableRandom(mix(seed ^ (0x5DEECE66DL * (identity + 1))));
    float[] c = new float[dim];
    for (float[] b : basis) {
      float g = (float) r.nextGaussian();
      for (int j = 0; j < dim; j++) {
        c[j] += g * b[j];
      }
    }
    return normalize(c);
  }

  private float[] sample(long key, int identity) {
    SplittableRandom r = new SplittableRandom(mix(key));
    float[] v = new float[dim];
    if (uniform) {
      for (int j = 0; j < dim; j++) {
        v[j] = (float) r.nextGaussian();
      }
      return normalize(v);
    }
    float[] c = centre(identity);
    double s = Math.sqrt(0.667 / dim);
    for (int j = 0; j < dim; j++) {
      v[j] = c[j] + (float) (s * r.nextGaussian());
    }
    return normalize(v);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static float[] normalize(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    float k = (float) (1 / Math.sqrt(s));
    for (int i = 0; i < v.length; i++) {
      v[i] *= k;
    }
    return v;
  }
}
