package io.deepface.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepface.verify.RocCurve;
import io.deepface.verify.RocCurveTest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocChartTest {
  @Test
  void chartIsAPngWithEveryCurveDrawn(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("roc.png");
    RocChart.write(png, "test", List.of(new RocChart.Curve("good", RocCurve.of(RocCurveTest.pairs(3, 0.1))),
        new RocChart.Curve("poor", RocCurve.of(RocCurveTest.pairs(4, 0.3)))));
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
    double x1 = RocChart.x(1e-3, 1e-3);
    double x2 = RocChart.x(1e-2, 1e-3);
    double x3 = RocChart.x(1e-1, 1e-3);
    assertThat(x2 - x1).isCloseTo(x3 - x2, within(1e-9));
    assertThat(RocChart.x(0, 1e-3)).isEqualTo(x1);
    assertThat(RocChart.y(1, 0.5)).isLessThan(RocChart.y(0.5, 0.5));
  }

  @Test
  void aChartDownToALowerFarHasMoreDecadesAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("deep.png");
    RocChart.write(png, "test", List.of(new RocChart.Curve("good", RocCurve.of(RocCurveTest.pairs(3, 0.1)))), 2e-5);
    assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(960);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(png);
    }
    assertThat(RocChart.x(1e-5, 1e-5)).isLessThan(RocChart.x(1e-3, 1e-5));
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
