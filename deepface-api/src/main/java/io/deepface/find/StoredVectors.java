package io.deepface.find;

import io.deepface.verify.DistanceMetric;
import java.util.Objects;

/** The check and normalisation every vector store applies to a vector before keeping or searching it. */
final class StoredVectors {
  private StoredVectors() {}

  /**
   * {@code vector} checked (length {@code dimension}, finite values) and copied; scaled to unit length when
   * {@code unit} (the metric compares directions), which a zero vector cannot be.
   *
   * @param what names the vector in error messages
   * @param holder names the store in error messages ("index", "store")
   */
  static float[] prepare(float[] vector, String what, int dimension, boolean unit, DistanceMetric metric,
      String holder) {
    Objects.requireNonNull(vector, what);
    if (vector.length != dimension) {
      throw new IllegalArgumentException(what + " has " + vector.length + " values; this " + holder + " holds "
          + dimension);
    }
    double n = 0;
    for (float x : vector) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException(what + " has a non-finite value " + x);
      }
      n += (double) x * x;
    }
    if (!unit) {
      return vector.clone();
    }
    if (n == 0) {
      throw new IllegalArgumentException(what + " is all zeros and has no direction for metric " + metric.deepFaceName());
    }
    float k = (float) (1 / Math.sqrt(n));
    float[] out = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      out[i] = vector[i] * k;
    }
    return out;
  }
}
