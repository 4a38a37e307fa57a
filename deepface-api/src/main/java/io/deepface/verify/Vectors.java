package io.deepface.verify;

/** Small vector helpers. */
public final class Vectors {
  private Vectors() {}

  /** A unit-length copy of {@code v} (an all-zero vector stays zero). */
  public static float[] normalize(float[] v) {
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    float[] out = new float[v.length];
    if (n == 0) {
      return out;
    }
    float k = (float) (1 / Math.sqrt(n));
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * k;
    }
    return out;
  }
}
