package io.deepface.benchmarks.lfw;

import io.deepface.draw.RocChart;
import io.deepface.verify.RocCurve;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Formats LFW results as a Markdown table, as catalog threshold entries and as ROC charts. */
public final class LfwReport {
  private static final Comparator<LfwEvaluation.Result> BEST_FIRST =
      Comparator.comparingDouble(LfwEvaluation.Result::meanAccuracy).thenComparingDouble(LfwEvaluation.Result::rocAuc)
          .reversed();

  private LfwReport() {}

  public static String markdown(List<LfwEvaluation.Result> results, LfwPairs lfw) {
    return markdown(results, lfw, List.of());
  }

  /** The results, most accurate first, then the charts (file names in the same folder). */
  public static String markdown(List<LfwEvaluation.Result> results, LfwPairs lfw, List<String> charts) {
    StringBuilder s = new StringBuilder();
    s.append("# LFW verification (").append(lfw.pairs().size()).append(" pairs, ").append(lfw.folds())
        .append("-fold cross-validation: each fold scored with the threshold chosen on the others)\n\n");
    s.append("| detector | model | alignment | metric | flip | accuracy % | std | errors | threshold (all folds) | ROC AUC |"
        + " TAR@FAR=1e-2 | TAR@FAR=1e-3 | images without a face |\n");
    s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (LfwEvaluation.Result r : results.stream().sorted(BEST_FIRST).toList()) {
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f | %.2f | %d | %.4f | %.5f | %.4f | %.4f | %d |%n",
          r.detector(), r.model(), r.alignment().name().toLowerCase(Locale.ROOT), r.metric().deepFaceName(),
          r.flip() ? "yes" : "no", 100 * r.meanAccuracy(), 100 * r.stdAccuracy(), r.errors(), r.threshold(),
          r.rocAuc(), r.tarAtFar1e2(), r.tarAtFar1e3(), r.imagesWithoutFace()));
    }
    for (String chart : charts) {
      s.append("\n![").append(chart).append("](").append(chart).append(")\n");
    }
    return s.toString();
  }

  /**
   * ROC charts around the most accurate result: one varying the embedder, one the detector, one the alignment
   * and flip, each holding the other settings at the best result's. Writes those with two curves or more;
   * returns their file names.
   */
  public static List<String> rocCharts(List<LfwEvaluation.Result> results, Path dir) throws IOException {
    if (results.isEmpty()) {
      return List.of();
    }
    LfwEvaluation.Result best = results.stream().sorted(BEST_FIRST).findFirst().orElseThrow();
    List<String> written = new ArrayList<>();
    chart(results, dir, "roc-embedders.png", "LFW ROC by embedder (" + best.detector() + ", " + setting(best) + ")",
        r -> r.detector().equals(best.detector()) && sameSetting(r, best), LfwEvaluation.Result::model, written);
    chart(results, dir, "roc-detectors.png", "LFW ROC by detector (" + best.model() + ", " + setting(best) + ")",
        r -> r.model().equals(best.model()) && sameSetting(r, best), LfwEvaluation.Result::detector, written);
    chart(results, dir, "roc-alignments.png", "LFW ROC by alignment (" + best.detector() + ", " + best.model() + ", "
        + best.metric().deepFaceName() + ")", r -> r.model().equals(best.model()) && r.detector().equals(best.detector())
            && r.metric() == best.metric(),
        r -> r.alignment().name().toLowerCase(Locale.ROOT) + (r.flip() ? " + flip" : ""), written);
    return written;
  }

  private static boolean sameSetting(LfwEvaluation.Result r, LfwEvaluation.Result best) {
    return r.alignment() == best.alignment() && r.flip() == best.flip() && r.metric() == best.metric();
  }

  private static String setting(LfwEvaluation.Result r) {
    return r.alignment().name().toLowerCase(Locale.ROOT) + " alignment, " + r.metric().deepFaceName()
        + (r.flip() ? ", flip" : "");
  }

  private static void chart(List<LfwEvaluation.Result> results, Path dir, String file, String title,
      java.util.function.Predicate<LfwEvaluation.Result> filter, Function<LfwEvaluation.Result, String> name,
      List<String> written) throws IOException {
    Map<String, LfwEvaluation.Result> byName = new LinkedHashMap<>();
    results.stream().filter(filter).sorted(BEST_FIRST).forEach(r -> byName.putIfAbsent(name.apply(r), r));
    if (byName.size() < 2) {
      return;
    }
    List<RocChart.Curve> curves = new ArrayList<>();
    byName.forEach((n, r) -> curves.add(new RocChart.Curve(String.format(Locale.ROOT, "%s: %.2f %%, AUC %.4f", n,
        100 * r.meanAccuracy(), r.rocAuc()), RocCurve.of(r.pairs()))));
    RocChart.write(dir.resolve(file), title, curves);
    written.add(Objects.requireNonNull(file));
  }

  /** Entries for the catalog's {@code verification} section, from the results with the default detector. */
  public static List<Map<String, Object>> catalogEntries(List<LfwEvaluation.Result> results) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (LfwEvaluation.Result r : results) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("embedder", r.model());
      e.put("metric", r.metric().deepFaceName());
      e.put("alignment", r.alignment().name().toLowerCase(Locale.ROOT));
      e.put("flip", r.flip());
      e.put("threshold", round(r.threshold()));
      e.put("scale", round(r.scale()));
      e.put("accuracy", round(r.meanAccuracy()));
      e.put("accuracy_std", round(r.stdAccuracy()));
      e.put("detector", r.detector());
      out.add(e);
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
