package io.deepface.components;

import io.deepface.analysis.Age;
import java.util.Arrays;
import java.util.Comparator;

/**
 * A monotone map from a model's age estimate to the age it means, fitted on labelled faces by isotonic regression
 * (pool adjacent violators) and applied by linear interpolation between its knots; beyond the first and last knot
 * the estimate moves by the end knots' offsets. Age models regress towards the ages they saw most (they call the
 * old younger and children older); the map undoes that as far as the labelled faces show it.
 *
 * @param from knots on the model's scale, increasing
 * @param to what each knot means, non-decreasing
 */
public record AgeCalibration(double[] from, double[] to) {
  public AgeCalibration {
    if (from.length != to.length || from.length < 2) {
      throw new IllegalArgumentException("age calibration needs at least two knots, as many 'to' as 'from'");
    }
    for (int i = 1; i < from.length; i++) {
      if (!(from[i] > from[i - 1]) || to[i] < to[i - 1]) {
        throw new IllegalArgumentException("age calibration knots must increase: " + Arrays.toString(from) + " -> "
            + Arrays.toString(to));
      }
    }
    from = from.clone();
    to = to.clone();
  }

  /** The calibrated age, never below 0. */
  public double apply(double years) {
    int n = from.length;
    double out;
    if (years <= from[0]) {
      out = to[0] + (years - from[0]);
    } else if (years >= from[n - 1]) {
      out = to[n - 1] + (years - from[n - 1]);
    } else {
      int i = Arrays.binarySearch(from, years);
      if (i >= 0) {
        out = to[i];
      } else {
        int hi = -i - 1;
        int lo = hi - 1;
        double t = (years - from[lo]) / (from[hi] - from[lo]);
        out = to[lo] + t * (to[hi] - to[lo]);
      }
    }
    return Math.max(0, out);
  }

  public Age apply(Age age) {
    return new Age(apply(age.years()));
  }

  /**
   * The isotonic fit of {@code actual} on {@code predicted}: blocks of faces whose mean true age would otherwise
   * decrease are pooled; each block becomes a knot (its mean estimate, its mean true age). Blocks of fewer than
   * {@code minBlock} faces are pooled with a neighbour, so that the map follows no single face.
   */
  public static AgeCalibration fit(double[] predicted, double[] actual, int minBlock) {
    int n = predicted.length;
    if (n != actual.length || n < 2 * Math.max(1, minBlock)) {
      throw new IllegalArgumentException("need at least " + 2 * Math.max(1, minBlock) + " faces with labels, got " + n);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> predicted[i]));
    // Blocks: sums of estimates and of true ages, and counts.
    double[] sx = new double[n];
    double[] sy = new double[n];
    int[] cnt = new int[n];
    int blocks = 0;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      sx[blocks] = predicted[i];
      sy[blocks] = actual[i];
      cnt[blocks] = 1;
      blocks++;
      while (blocks > 1 && (sy[blocks - 2] / cnt[blocks - 2] >= sy[blocks - 1] / cnt[blocks - 1]
          || cnt[blocks - 2] < minBlock)) {
        sx[blocks - 2] += sx[blocks - 1];
        sy[blocks - 2] += sy[blocks - 1];
        cnt[blocks - 2] += cnt[blocks - 1];
        blocks--;
      }
    }
    // A small last block joins the one before it.
    while (blocks > 2 && cnt[blocks - 1] < minBlock) {
      sx[blocks - 2] += sx[blocks - 1];
      sy[blocks - 2] += sy[blocks - 1];
      cnt[blocks - 2] += cnt[blocks - 1];
      blocks--;
    }
    double[] from = new double[blocks];
    double[] to = new double[blocks];
    int m = 0;
    for (int b = 0; b < blocks; b++) {
      double x = sx[b] / cnt[b];
      double y = sy[b] / cnt[b];
      if (m > 0 && x <= from[m - 1]) {
        continue;
      }
      from[m] = x;
      to[m] = m > 0 ? Math.max(y, to[m - 1]) : y;
      m++;
    }
    if (m < 2) {
      throw new IllegalArgumentException("the labelled ages do not increase with the estimates; nothing to fit");
    }
    return new AgeCalibration(Arrays.copyOf(from, m), Arrays.copyOf(to, m));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AgeCalibration c && Arrays.equals(from, c.from) && Arrays.equals(to, c.to);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(from) + Arrays.hashCode(to);
  }

  @Override
  public String toString() {
    return "AgeCalibration" + Arrays.toString(from) + " -> " + Arrays.toString(to);
  }
}
