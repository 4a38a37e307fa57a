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

  /**
   * The flip-augmented embedding of a face from the embeddings of the face and of its mirror image:
   * {@code normalize(normalize(a) + normalize(b))}.
   */
  public static float[] flipCombined(float[] face, float[] mirrored) {
    float[] a = normalize(face);
    float[] b = normalize(mirrored);
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return normalize(a);
  }
}
