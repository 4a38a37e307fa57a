package io.deepface.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The ROC curve of scored pairs: for every threshold between observed distances, the false accept rate
 * (different-person pairs at or below it) and the true accept rate (same-person pairs at or below it).
 * Both rise with the threshold, from (0, 0) to (1, 1).
 *
 * @param far false accept rates, non-decreasing
 * @param tar true accept rates, non-decreasing, one per FAR
 */
public record RocCurve(double[] far, double[] tar) {

  public static RocCurve of(List<Calibration.Pair> pairs) {
    Calibration.Pair[] sorted = pairs.toArray(new Calibration.Pair[0]);
    Arrays.sort(sorted, Comparator.comparingDouble(Calibration.Pair::distance));
    long same = pairs.stream().filter(Calibration.Pair::same).count();
    long diff = pairs.size() - same;
    List<double[]> points = new ArrayList<>();
    points.add(new double[] {0, 0});
    long acceptedSame = 0;
    long acceptedDiff = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i].same()) {
        acceptedSame++;
      } else {
        acceptedDiff++;
      }
      if (i + 1 == sorted.length || sorted[i + 1].distance() != sorted[i].distance()) {
        points.add(new double[] {diff == 0 ? 0 : (double) acceptedDiff / diff, same == 0 ? 0 : (double) acceptedSame / same});
      }
    }
    double[] far = new double[points.size()];
    double[] tar = new double[points.size()];
    for (int i = 0; i < far.length; i++) {
      far[i] = points.get(i)[0];
      tar[i] = points.get(i)[1];
    }
    return new RocCurve(far, tar);
  }

  /** The highest TAR among points with FAR at most {@code maxFar}. */
  public double tarAt(double maxFar) {
    double best = 0;
    for (int i = 0; i < far.length; i++) {
      if (far[i] <= maxFar) {
        best = Math.max(best, tar[i]);
      }
    }
    return best;
  }
}
