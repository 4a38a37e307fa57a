package io.deepface.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {
  private static List<Calibration.Pair> pairs(double[] same, double[] diff, int fold) {
    List<Calibration.Pair> l = new ArrayList<>();
    for (double d : same) {
      l.add(new Calibration.Pair(d, true, fold));
    }
    for (double d : diff) {
      l.add(new Calibration.Pair(d, false, fold));
    }
    return l;
  }

  @Test
  void separableDataGetsAThresholdBetweenTheClasses() {
    List<Calibration.Pair> p = pairs(new double[] {0.1, 0.2, 0.3}, new double[] {0.6, 0.7, 0.9}, 1);
    double t = Calibration.bestThreshold(p);
    assertThat(t).isBetween(0.3, 0.6);
    assertThat(Calibration.accuracy(p, t)).isEqualTo(1.0);
    assertThat(Calibration.rocAuc(p)).isEqualTo(1.0);
    assertThat(Calibration.tarAtFar(p, 0.0)).isEqualTo(1.0);
  }

  @Test
  void overlappingDataMaximisesAccuracy() {
    List<Calibration.Pair> p = pairs(new double[] {0.1, 0.2, 0.5, 0.8}, new double[] {0.4, 0.6, 0.7, 0.9}, 1);
    double t = Calibration.bestThreshold(p);
    // Thresholds in [0.2, 0.4) or [0.5, 0.6) both give 6/8; nothing gives more.
    assertThat(Calibration.accuracy(p, t)).isEqualTo(0.75);
    for (double x = 0; x <= 1; x += 0.01) {
      assertThat(Calibration.accuracy(p, x)).isLessThanOrEqualTo(0.75);
    }
    // AUC: of the 16 (same, different) pairs, 12 are ordered right.
    assertThat(Calibration.rocAuc(p)).isCloseTo(12.0 / 16, within(1e-12));
  }

  @Test
  void crossValidationNeverUsesTheTestFold() {
    // Fold 2's data alone would want a threshold near 5; trained on fold 1 it gets one near 0.5 and fails.
    List<Calibration.Pair> p = new ArrayList<>(pairs(new double[] {0.1, 0.2}, new double[] {0.8, 0.9}, 1));
    p.addAll(pairs(new double[] {4.1, 4.2}, new double[] {5.8, 5.9}, 2));
    double[] acc = Calibration.crossValidatedAccuracy(p);
    assertThat(acc).hasSize(2);
    assertThat(acc[0]).isEqualTo(0.5);
    assertThat(acc[1]).isEqualTo(0.5);
  }

  @Test
  void logisticScaleFitsTheSlopeOfSimulatedData() {
    Random rnd = new Random(7);
    double threshold = 0.5;
    double trueScale = 12;
    List<Calibration.Pair> p = new ArrayList<>();
    for (int i = 0; i < 20000; i++) {
      double d = rnd.nextDouble();
      double prob = 1 / (1 + Math.exp(-trueScale * (threshold - d)));
      p.add(new Calibration.Pair(d, rnd.nextDouble() < prob, 1));
    }
    assertThat(Calibration.logisticScale(p, threshold)).isCloseTo(trueScale, within(1.0));
  }

  @Test
  void confidenceIsMonotoneAndHalfAtTheThreshold() {
    assertThat(Calibration.confidence(0.4, 0.4, 10)).isCloseTo(50, within(1e-9));
    double prev = 101;
    for (double d = 0; d <= 2; d += 0.05) {
      double c = Calibration.confidence(d, 0.4, 10);
      assertThat(c).isLessThan(prev).isBetween(0.0, 100.0);
      prev = c;
    }
  }

  @Test
  void distanceMetricsMatchTheirDefinitions() {
    float[] a = {1, 0, 0};
    float[] b = {0, 2, 0};
    float[] c = {3, 0, 0};
    assertThat(DistanceMetric.COSINE.distance(a, b)).isCloseTo(1, within(1e-9));
    assertThat(DistanceMetric.COSINE.distance(a, c)).isCloseTo(0, within(1e-9));
    assertThat(DistanceMetric.EUCLIDEAN.distance(a, b)).isCloseTo(Math.sqrt(5), within(1e-9));
    assertThat(DistanceMetric.EUCLIDEAN_L2.distance(a, b)).isCloseTo(Math.sqrt(2), within(1e-9));
    assertThat(DistanceMetric.EUCLIDEAN_L2.distance(a, c)).isCloseTo(0, within(1e-6));
    assertThat(DistanceMetric.ANGULAR.distance(a, b)).isCloseTo(0.5, within(1e-9));
    assertThat(DistanceMetric.parse("euclidean-l2")).isEqualTo(DistanceMetric.EUCLIDEAN_L2);
    assertThat(DistanceMetric.EUCLIDEAN_L2.deepFaceName()).isEqualTo("euclidean_l2");
  }

  @Test
  void theThresholdForATargetFarAcceptsAtMostThatShareOfDifferentPairs() {
    // Ten different pairs at 0.50, 0.51 ... 0.59; five same pairs below them and one above.
    double[] diff = new double[10];
    for (int i = 0; i < 10; i++) {
      diff[i] = 0.5 + i / 100.0;
    }
    List<Calibration.Pair> p = pairs(new double[] {0.1, 0.2, 0.3, 0.4, 0.45, 0.7}, diff, 1);
    double strict = Calibration.thresholdAtFar(p, 0.05);
    assertThat(strict).isLessThan(0.5).isGreaterThan(0.45);
    assertThat(Calibration.acceptRate(p, strict, false)).isZero();
    assertThat(Calibration.acceptRate(p, strict, true)).isCloseTo(5 / 6.0, within(1e-12));
    double loose = Calibration.thresholdAtFar(p, 0.3);
    assertThat(Calibration.acceptRate(p, loose, false)).isEqualTo(0.3);
    assertThat(loose).isLessThan(0.53).isGreaterThanOrEqualTo(0.52);
  }

  @Test
  void theEqualErrorRateIsWhereFalseAcceptsMeetFalseRejects() {
    assertThat(Calibration.equalErrorRate(pairs(new double[] {0.1, 0.2}, new double[] {0.8, 0.9}, 1))).isZero();
    // One same pair among the different ones and one different among the same: 1 error in 4 either way.
    List<Calibration.Pair> p = pairs(new double[] {0.1, 0.2, 0.3, 0.75}, new double[] {0.25, 0.6, 0.7, 0.8}, 1);
    assertThat(Calibration.equalErrorRate(p)).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void wilsonsIntervalSaysWhatAFewTrialsCanTell() {
    double[] none = Calibration.wilsonInterval(0, 1000);
    assertThat(none[0]).isZero();
    assertThat(none[1]).isBetween(0.003, 0.0045);
    double[] half = Calibration.wilsonInterval(50, 100);
    assertThat(half[0]).isCloseTo(0.404, within(0.002));
    assertThat(half[1]).isCloseTo(0.596, within(0.002));
  }
}
