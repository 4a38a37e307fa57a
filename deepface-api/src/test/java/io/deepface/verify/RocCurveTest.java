package io.deepface.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class RocCurveTest {
  /** Same pairs around 0.3, different pairs around 0.8, both spread, with some overlap and ties. */
  public static List<Calibration.Pair> pairs(long seed, double spread) {
    Random r = new Random(seed);
    List<Calibration.Pair> out = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      double same = Math.round((0.3 + spread * r.nextGaussian()) * 1000) / 1000.0;
      double diff = Math.round((0.8 + spread * r.nextGaussian()) * 1000) / 1000.0;
      out.add(new Calibration.Pair(same, true, 1 + i % 5));
      out.add(new Calibration.Pair(diff, false, 1 + i % 5));
    }
    return out;
  }

  @Test
  void runsMonotonicallyFromNothingAcceptedToEverythingAccepted() {
    RocCurve roc = RocCurve.of(pairs(1, 0.2));
    assertThat(roc.far()[0]).isZero();
    assertThat(roc.tar()[0]).isZero();
    assertThat(roc.far()[roc.far().length - 1]).isEqualTo(1.0);
    assertThat(roc.tar()[roc.tar().length - 1]).isEqualTo(1.0);
    for (int i = 1; i < roc.far().length; i++) {
      assertThat(roc.far()[i]).isGreaterThanOrEqualTo(roc.far()[i - 1]);
      assertThat(roc.tar()[i]).isGreaterThanOrEqualTo(roc.tar()[i - 1]);
    }
  }

  @Test
  void agreesWithTheCalibrationStatistics() {
    List<Calibration.Pair> pairs = pairs(2, 0.15);
    RocCurve roc = RocCurve.of(pairs);
    // Trapezoid area under the curve equals the rank statistic (ties count half in both).
    double area = 0;
    for (int i = 1; i < roc.far().length; i++) {
      area += (roc.far()[i] - roc.far()[i - 1]) * (roc.tar()[i] + roc.tar()[i - 1]) / 2;
    }
    assertThat(area).isCloseTo(Calibration.rocAuc(pairs), within(1e-9));
    assertThat(roc.tarAt(1e-2)).isGreaterThanOrEqualTo(Calibration.tarAtFar(pairs, 1e-2));
  }

  @Test
  void separablePairsGiveAPerfectCurve() {
    RocCurve roc = RocCurve.of(List.of(new Calibration.Pair(0.1, true, 1), new Calibration.Pair(0.2, true, 1),
        new Calibration.Pair(0.7, false, 1), new Calibration.Pair(0.9, false, 1)));
    assertThat(roc.tarAt(0)).isEqualTo(1.0);
  }
}
