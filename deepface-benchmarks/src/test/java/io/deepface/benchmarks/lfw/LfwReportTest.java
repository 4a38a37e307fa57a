package io.deepface.benchmarks.lfw;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.align.AlignmentMode;
import io.deepface.verify.Calibration;
import io.deepface.verify.DistanceMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LfwReportTest {
  /** Same pairs around 0.3, different pairs around 0.8, both spread, with some overlap and ties. */
  private static List<Calibration.Pair> pairs(long seed, double spread) {
    java.util.Random r = new java.util.Random(seed);
    List<Calibration.Pair> out = new java.util.ArrayList<>();
    for (int i = 0; i < 600; i++) {
      out.add(new Calibration.Pair(Math.round((0.3 + spread * r.nextGaussian()) * 1000) / 1000.0, true, 1 + i % 5));
      out.add(new Calibration.Pair(Math.round((0.8 + spread * r.nextGaussian()) * 1000) / 1000.0, false, 1 + i % 5));
    }
    return out;
  }

  private static LfwEvaluation.Result result(String detector, String model, AlignmentMode alignment, boolean flip,
      double spread) {
    List<Calibration.Pair> pairs = pairs(detector.hashCode() + model.hashCode(), spread);
    double[] folds = Calibration.crossValidatedAccuracy(pairs);
    double t = Calibration.bestThreshold(pairs);
    return new LfwEvaluation.Result(detector, model, alignment, DistanceMetric.COSINE, flip, folds,
        Calibration.mean(folds), Calibration.std(folds), t, Calibration.logisticScale(pairs, t), Calibration.rocAuc(pairs),
        Calibration.tarAtFar(pairs, 1e-2), Calibration.tarAtFar(pairs, 1e-3), 0, pairs);
  }

  @Test
  void chartsVaryOneSettingAroundTheBestResultAndTheTableListsItFirst(@TempDir Path dir) throws Exception {
    List<LfwEvaluation.Result> results = new ArrayList<>();
    results.add(result("yunet", "fusion", AlignmentMode.LANDMARKS, false, 0.2));
    results.add(result("retinaface", "mobilefacenet-128", AlignmentMode.LANDMARKS, false, 0.18));
    results.add(result("retinaface", "fusion", AlignmentMode.LANDMARKS, false, 0.1));
    results.add(result("retinaface", "fusion", AlignmentMode.EYES, false, 0.3));
    List<String> charts = LfwReport.rocCharts(results, dir);
    assertThat(charts).containsExactly("roc-embedders.png", "roc-detectors.png", "roc-alignments.png");
    for (String c : charts) {
      assertThat(Files.size(dir.resolve(c))).isGreaterThan(1000);
    }
    LfwPairs lfw = new LfwPairs(List.of(), 5);
    String md = LfwReport.markdown(results, lfw, charts);
    String firstRow = md.lines().filter(l -> l.startsWith("| retinaface") || l.startsWith("| yunet")).findFirst()
        .orElseThrow();
    assertThat(firstRow).startsWith("| retinaface | fusion | landmarks |");
    assertThat(md).contains("![roc-detectors.png](roc-detectors.png)");
  }
}
