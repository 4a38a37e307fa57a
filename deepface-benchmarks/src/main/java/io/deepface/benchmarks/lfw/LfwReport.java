package io.deepface.benchmarks.lfw;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Formats LFW results as a Markdown table and as catalog threshold entries. */
public final class LfwReport {
  private LfwReport() {}

  public static String markdown(List<LfwEvaluation.Result> results, LfwPairs lfw) {
    StringBuilder s = new StringBuilder();
    s.append("# LFW verification (").append(lfw.pairs().size()).append(" pairs, ").append(lfw.folds())
        .append("-fold cross-validation: each fold scored with the threshold chosen on the others)\n\n");
    s.append("| detector | model | alignment | metric | flip | accuracy % | std | errors | threshold (all folds) | ROC AUC |"
        + " TAR@FAR=1e-2 | TAR@FAR=1e-3 | images without a face |\n");
    s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (LfwEvaluation.Result r : results) {
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f | %.2f | %d | %.4f | %.5f | %.4f | %.4f | %d |%n",
          r.detector(), r.model(), r.alignment().name().toLowerCase(Locale.ROOT), r.metric().deepFaceName(),
          r.flip() ? "yes" : "no", 100 * r.meanAccuracy(), 100 * r.stdAccuracy(), r.errors(), r.threshold(),
          r.rocAuc(), r.tarAtFar1e2(), r.tarAtFar1e3(), r.imagesWithoutFace()));
    }
    return s.toString();
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
