package io.deepface.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Threshold calibration and verification statistics over labelled pairs: the best threshold by
 * accuracy, k-fold cross-validated accuracy (thresholds always chosen on the other folds), ROC AUC,
 * TAR at a given FAR, and the slope of a logistic confidence curve. Pure functions.
 */
public final class Calibration {
  private Calibration() {}

  /** One scored pair: its distance, whether the two faces are the same person, and its fold (from 1). */
  public record Pair(double distance, boolean same, int fold) {}

  /** Accuracy of {@code threshold} ({@code distance <= threshold} means same) over {@code pairs}. */
  public static double accuracy(List<Pair> pairs, double threshold) {
    int right = 0;
    for (Pair p : pairs) {
      if ((p.distance() <= threshold) == p.same()) {
        right++;
      }
    }
    return pairs.isEmpty() ? 0 : (double) right / pairs.size();
  }

  /**
   * The threshold with the highest accuracy over {@code pairs}; among equally good ones, the middle of
   * the widest run, placed halfway between two observed distances.
   */
  public static double bestThreshold(List<Pair> pairs) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no pairs");
    }
    Pair[] sorted = pairs.toArray(new Pair[0]);
    Arrays.sort(sorted, (a, b) -> Double.compare(a.distance(), b.distance()));
    int n = sorted.length;
    long totalDiff = pairs.stream().filter(p -> !p.same()).count();
    // Threshold below everything: all called different.
    long right = totalDiff;
    long best = right;
    int bestStart = -1;
    int bestEnd = -1;
    boolean inBest = true;
    for (int i = 0; i < n; i++) {
      right += sorted[i].same() ? 1 : -1;
      if (i + 1 < n && sorted[i + 1].distance() == sorted[i].distance()) {
        continue;
      }
      if (right > best) {
        best = right;
        bestStart = i;
        bestEnd = i;
        inBest = true;
      } else if (right == best && inBest) {
        bestEnd = i;
      } else {
        inBest = false;
      }
    }
    int mid = bestStart < 0 ? -1 : bestStart + (bestEnd - bestStart) / 2;
    // Advance mid to the end of its group of equal distances.
    while (mid >= 0 && mid + 1 < n && sorted[mid + 1].distance() == sorted[mid].distance()) {
      mid++;
    }
    if (mid < 0) {
      return sorted[0].distance() - 1e-6;
    }
    if (mid == n - 1) {
      return sorted[n - 1].distance() + 1e-6;
    }
    return (sorted[mid].distance() + sorted[mid + 1].distance()) / 2;
  }

  /** Per-fold accuracies, each fold scored with the threshold chosen on all the other folds. */
  public static double[] crossValidatedAccuracy(List<Pair> pairs) {
    int folds = pairs.stream().mapToInt(Pair::fold).max().orElse(0);
    double[] acc = new double[folds];
    for (int f = 1; f <= folds; f++) {
      List<Pair> train = new ArrayList<>();
      List<Pair> test = new ArrayList<>();
      for (Pair p : pairs) {
        (p.fold() == f ? test : train).add(p);
      }
      acc[f - 1] = accuracy(test, bestThreshold(train));
    }
    return acc;
  }

  public static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }

  /** Sample standard deviation. */
  public static double std(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return v.length < 2 ? 0 : Math.sqrt(s / (v.length - 1));
  }

  /** Area under the ROC curve: the probability that a random same pair is closer than a random different pair. */
  public static double rocAuc(List<Pair> pairs) {
    double[] same = pairs.stream().filter(Pair::same).mapToDouble(Pair::distance).sorted().toArray();
    double[] diff = pairs.stream().filter(p -> !p.same()).mapToDouble(Pair::distance).sorted().toArray();
    double wins = 0;
    int j = 0;
    int k = 0;
    for (double s : same) {
      while (j < diff.length && diff[j] <= s) {
        j++;
      }
      while (k < diff.length && diff[k] < s) {
        k++;
      }
      // diff[j..] are farther than s (wins); diff[k..j) are ties (half).
      wins += (diff.length - j) + 0.5 * (j - k);
    }
    return wins / ((double) same.length * diff.length);
  }

  /** True accept rate at the threshold where at most {@code far} of different pairs are accepted. */
  public static double tarAtFar(List<Pair> pairs, double far) {
    double[] diff = pairs.stream().filter(p -> !p.same()).mapToDouble(Pair::distance).sorted().toArray();
    int allowed = (int) Math.floor(far * diff.length);
    // Accept d < diff[allowed]: exactly `allowed` different pairs lie below it (ties excluded).
    double threshold = allowed < diff.length ? diff[allowed] : Double.POSITIVE_INFINITY;
    long same = pairs.stream().filter(Pair::same).count();
    long accepted = pairs.stream().filter(p -> p.same() && p.distance() < threshold).count();
    return same == 0 ? 0 : (double) accepted / same;
  }

  /**
   * The largest threshold ({@code distance <= threshold} means same) that accepts at most {@code far} of the
   * different-person pairs: just below the {@code floor(far * n) + 1}-th closest different pair. With no
   * different-person pair it is the largest distance seen.
   */
  public static double thresholdAtFar(List<Pair> pairs, double far) {
    if (!(far >= 0 && far <= 1)) {
      throw new IllegalArgumentException("far must be in [0, 1], got " + far);
    }
    double[] diff = pairs.stream().filter(p -> !p.same()).mapToDouble(Pair::distance).sorted().toArray();
    if (diff.length == 0) {
      return pairs.stream().mapToDouble(Pair::distance).max().orElse(0);
    }
    int allowed = (int) Math.floor(far * diff.length);
    if (allowed >= diff.length) {
      return diff[diff.length - 1];
    }
    return Math.max(0, Math.nextDown(diff[allowed]));
  }

  /** Fraction of {@code same} pairs (or of different pairs, with {@code same} false) at or below {@code threshold}. */
  public static double acceptRate(List<Pair> pairs, double threshold, boolean same) {
    long n = 0;
    long accepted = 0;
    for (Pair p : pairs) {
      if (p.same() == same) {
        n++;
        if (p.distance() <= threshold) {
          accepted++;
        }
      }
    }
    return n == 0 ? Double.NaN : (double) accepted / n;
  }

  /**
   * The equal error rate: where the false accept rate (different pairs accepted) meets the false reject rate (same
   * pairs rejected), found over every observed distance as the point where the two are closest; their mean there.
   */
  public static double equalErrorRate(List<Pair> pairs) {
    Pair[] sorted = pairs.toArray(new Pair[0]);
    Arrays.sort(sorted, (a, b) -> Double.compare(a.distance(), b.distance()));
    long same = pairs.stream().filter(Pair::same).count();
    long diff = sorted.length - same;
    if (same == 0 || diff == 0) {
      return Double.NaN;
    }
    long acceptedSame = 0;
    long acceptedDiff = 0;
    double best = Double.POSITIVE_INFINITY;
    double eer = 0.5;
    // Threshold below everything: FAR 0, FRR 1.
    for (int i = 0; i <= sorted.length; i++) {
      if (i > 0) {
        if (sorted[i - 1].same()) {
          acceptedSame++;
        } else {
          acceptedDiff++;
        }
        if (i < sorted.length && sorted[i].distance() == sorted[i - 1].distance()) {
          continue;
        }
      }
      double far = (double) acceptedDiff / diff;
      double frr = 1 - (double) acceptedSame / same;
      if (Math.abs(far - frr) < best) {
        best = Math.abs(far - frr);
        eer = (far + frr) / 2;
      }
    }
    return eer;
  }

  /**
   * Wilson's 95 % score interval for a proportion of {@code k} in {@code n}: {@code [low, high]}. For {@code k = 0}
   * the upper end is about {@code 3.8 / n}, which is what {@code n} trials can tell about a rate.
   */
  public static double[] wilsonInterval(long k, long n) {
    if (n <= 0) {
      return new double[] {0, 1};
    }
    double z = 1.959963984540054;
    double p = (double) k / n;
    double denom = 1 + z * z / n;
    double centre = (p + z * z / (2.0 * n)) / denom;
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
    return new double[] {k == 0 ? 0 : Math.max(0, centre - half), k == n ? 1 : Math.min(1, centre + half)};
  }

  /**
   * The slope {@code s} of {@code P(same | d) = 1 / (1 + exp(-s * (threshold - d)))} with the greatest
   * likelihood over {@code pairs} (Newton's method), so the probability is one half at the threshold.
   */
  public static double logisticScale(List<Pair> pairs, double threshold) {
    double s = 1;
    for (int iter = 0; iter < 100; iter++) {
      double grad = 0;
      double hess = 0;
      for (Pair p : pairs) {
        double x = threshold - p.distance();
        double q = 1 / (1 + Math.exp(-s * x));
        grad += ((p.same() ? 1 : 0) - q) * x;
        hess -= q * (1 - q) * x * x;
      }
      if (hess >= 0) {
        break;
      }
      double step = grad / hess;
      s -= step;
      if (s <= 0) {
        s = 1e-3;
      }
      if (Math.abs(step) < 1e-9 * Math.max(1, s)) {
        break;
      }
    }
    return s;
  }

  /** {@code 100 / (1 + exp(-scale * (threshold - distance)))}: 50 at the threshold, higher when closer. */
  public static double confidence(double distance, double threshold, double scale) {
    return 100 / (1 + Math.exp(-scale * (threshold - distance)));
  }
}
