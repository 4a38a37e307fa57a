package io.deepface.benchmarks.lfw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepface.verify.Calibration;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocCurveTest {
  /** Same pairs around 0.3, different pairs around 0.8, both spread, with some overlap and ties. */
  static List<Calibration.Pair> pairs(long seed, double spread) {
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

  @Test
  void chartIsAPngWithEveryCurveDrawn(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("roc.png");
    RocChart.write(png, "test", List.of(new RocChart.Curve("good", RocCurve.of(pairs(3, 0.1))),
        new RocChart.Curve("poor", RocCurve.of(pairs(4, 0.3)))));
    assertThat(Files.size(png)).isGreaterThan(1000);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(960);
    assertThat(img.getHeight()).isEqualTo(640);
    // The first two palette colours (blue, red) appear: one curve each.
    assertThat(count(img, 0x1f77b4)).isGreaterThan(200);
    assertThat(count(img, 0xd62728)).isGreaterThan(200);
  }

  @Test
  void chartAxisMapsFarLogarithmically() {
    double x1 = RocChart.x(1e-3);
    double x2 = RocChart.x(1e-2);
    double x3 = RocChart.x(1e-1);
    assertThat(x2 - x1).isCloseTo(x3 - x2, within(1e-9));
    assertThat(RocChart.x(0)).isEqualTo(x1);
    assertThat(RocChart.y(1, 0.5)).isLessThan(RocChart.y(0.5, 0.5));
  }

  private static int count(BufferedImage img, int rgb) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }
}
