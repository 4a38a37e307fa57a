package io.deepface.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 tensor: row-major data and its shape. The one currency between model code (which
 * builds inputs and decodes outputs) and a backend's runtime (which only runs the graph).
 */
public record Tensor(float[] data, long[] shape) {
  public Tensor {
    Objects.requireNonNull(data, "data");
    shape = shape.clone();
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
    }
  }

  public static Tensor of(float[] data, long... shape) {
    return new Tensor(data, shape);
  }

  /** Size of dimension {@code i}; negative {@code i} counts from the end. */
  public int dim(int i) {
    return (int) shape[i < 0 ? shape.length + i : i];
  }

  public int rank() {
    return shape.length;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && Arrays.equals(data, t.data) && Arrays.equals(shape, t.shape);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
