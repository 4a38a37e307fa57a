package io.deepface.verify;

import java.util.Locale;

/** How two embeddings are compared; the names are DeepFace's. Smaller distance = more alike. */
public enum DistanceMetric {
  /** {@code 1 - cos(a, b)}, in [0, 2]. */
  COSINE,
  /** {@code |a - b|} on the raw vectors. */
  EUCLIDEAN,
  /** {@code |a/|a| - b/|b||}, in [0, 2]. */
  EUCLIDEAN_L2,
  /** {@code arccos(cos(a, b)) / pi}, in [0, 1]. */
  ANGULAR;

  public double distance(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("embeddings differ in length: " + a.length + " and " + b.length);
    }
    if (this == EUCLIDEAN) {
      double s = 0;
      for (int i = 0; i < a.length; i++) {
        double d = a[i] - b[i];
        s += d * d;
      }
      return Math.sqrt(s);
    }
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      throw new IllegalArgumentException("cannot compare a zero vector");
    }
    double cos = Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
    return switch (this) {
      case COSINE -> 1 - cos;
      case EUCLIDEAN_L2 -> Math.sqrt(Math.max(0, 2 - 2 * cos));
      case ANGULAR -> Math.acos(cos) / Math.PI;
      default -> throw new AssertionError(this);
    };
  }

  /** The DeepFace spelling: {@code cosine}, {@code euclidean}, {@code euclidean_l2}, {@code angular}. */
  public String deepFaceName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses DeepFace's names (any case; {@code -} or {@code _}). */
  public static DistanceMetric parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown metric '" + name + "'; use cosine, euclidean, euclidean_l2 or angular", e);
    }
  }
}
