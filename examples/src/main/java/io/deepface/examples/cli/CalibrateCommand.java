package io.deepface.examples.cli;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.calibrate.CalibrationOptions;
import io.deepface.calibrate.CalibrationReport;
import io.deepface.calibrate.LabelledPairs;
import io.deepface.calibrate.ThresholdCalibrator;
import io.deepface.draw.RocChart;
import io.deepface.examples.json.Json;
import io.deepface.verify.ThresholdProfile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "calibrate", mixinStandardHelpOptions = true, description = {
    "Choose verification thresholds on your own labelled faces. Prints one JSON object: the chosen threshold,",
    "cross-validated accuracy, AUC, EER, and per asked FAR the threshold and TAR with confidence intervals",
    "(for the --metric; \"metrics\" has all four). --out writes a threshold profile that verify and find take",
    "with --threshold-profile.",
    "--roc draws the ROC curve of every metric (one line for metrics that rank pairs alike).",
    "--pairs FILE: lines PATH1<TAB>PATH2<TAB>1|0 (1 = same person) [<TAB>FOLD], or LFW's pairs.txt.",
    "--identities DIR: a subfolder per person; --identities FILE.csv: IMAGE,PERSON lines. All same-person pairs",
    "and a sample of different-person pairs are formed, with no person in two folds."})
final class CalibrateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--pairs", paramLabel = "FILE", description = "labelled pairs")
    Path pairs;

    @Option(names = "--identities", paramLabel = "DIR|FILE.csv", description = "photos grouped by person")
    Path identities;
  }

  @Mixin
  FaceOptionsMixin face;

  @Mixin
  EngineOption engineOption;

  @Option(names = "--far", split = ",", paramLabel = "RATE", defaultValue = "1e-2,1e-3,1e-4",
      description = "target false accept rates (default: ${DEFAULT-VALUE})")
  List<Double> fars;

  @Option(names = "--folds", defaultValue = "5", description = "cross-validation folds (default: ${DEFAULT-VALUE};"
      + " LFW's pairs.txt and a FOLD column bring their own)")
  int folds;

  @Option(names = "--impostor-pairs", defaultValue = "100000", paramLabel = "N",
      description = "different-person pairs sampled with --identities (default: ${DEFAULT-VALUE})")
  int impostorPairs;

  @Option(names = "--max-genuine-per-person", defaultValue = "200", paramLabel = "N",
      description = "same-person pairs kept per person with --identities (default: ${DEFAULT-VALUE})")
  int maxGenuinePerPerson;

  @Option(names = "--seed", defaultValue = "42", description = "sampling seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--operating-point", paramLabel = "FAR",
      description = "the profile's thresholds are those for this FAR (one of --far) instead of the best-accuracy ones")
  Double operatingPoint;

  @Option(names = "--out", paramLabel = "profile.json", description = "write a threshold profile")
  Path out;

  @Option(names = "--roc", paramLabel = "roc.png", description = "draw the ROC curves of the four metrics")
  Path roc;

  @Option(names = "--threads", description = "photos embedded at once (default: number of cores)")
  Integer threads;

  @Override
  public Integer call() {
    FaceOptions options = face.toOptions().toBuilder().thresholdProfile((ThresholdProfile) null).build();
    if (operatingPoint != null && !fars.contains(operatingPoint)) {
      throw new IllegalArgumentException("--operating-point " + operatingPoint + " must be one of --far " + fars);
    }
    FaceEngine engine = engineOption.engine();
    engine.embedder(options.model());
    engine.detector(options.detector());
    LabelledPairs pairs = pairs();
    PrintWriter err = spec.commandLine().getErr();
    err.printf(Locale.ROOT, "%d pairs (%d same, %d different) over %d photos, %d folds%n", pairs.pairs().size(),
        pairs.genuine(), pairs.impostors(), pairs.images().size(), pairs.folds());
    err.flush();
    int step = Math.max(1, pairs.images().size() / 20);
    CalibrationOptions calibration = CalibrationOptions.builder().faceOptions(options).fars(fars)
        .threads(threads != null ? threads : Runtime.getRuntime().availableProcessors())
        .progress((done, total) -> {
          if (done % step == 0 || done == total) {
            synchronized (err) {
              err.printf(Locale.ROOT, "embedded %d / %d photos%n", done, total);
              err.flush();
            }
          }
        }).build();
    CalibrationReport report = ThresholdCalibrator.calibrate(engine, pairs, calibration);
    if (out != null) {
      report.toProfile(operatingPoint == null ? OptionalDouble.empty() : OptionalDouble.of(operatingPoint)).save(out);
    }
    if (roc != null) {
      // Metrics that rank pairs alike (all four, for unit-length embeddings) share one curve and one legend line.
      List<RocChart.Curve> curves = new ArrayList<>();
      Map<String, List<String>> names = new LinkedHashMap<>();
      Map<String, CalibrationReport.MetricReport> byCurve = new LinkedHashMap<>();
      List<CalibrationReport.MetricReport> ordered = new ArrayList<>(report.metrics());
      ordered.remove(report.primary());
      ordered.add(0, report.primary());
      for (CalibrationReport.MetricReport m : ordered) {
        String key = Arrays.toString(m.roc().far()) + Arrays.toString(m.roc().tar());
        names.computeIfAbsent(key, k -> new ArrayList<>()).add(m.metric().deepFaceName());
        byCurve.putIfAbsent(key, m);
      }
      byCurve.forEach((key, m) -> curves.add(new RocChart.Curve(String.format(Locale.ROOT, "%s: AUC %.4f, EER %.2f %%",
          String.join(" = ", names.get(key)), m.auc(), 100 * m.eer()), m.roc())));
      RocChart.write(roc, "ROC of " + options.model() + " on " + Path.of(pairs.source()).getFileName(), curves,
          1.0 / Math.max(1, report.impostorPairs()));
    }
    Json.print(spec.commandLine().getOut(), json(report));
    CalibrationReport.MetricReport m = report.primary();
    err.printf(Locale.ROOT, "%s: threshold %.4f, accuracy %.2f %% +- %.2f (%d-fold), AUC %.4f, EER %.2f %%%s%n",
        m.metric().deepFaceName(), m.threshold(), 100 * m.accuracy(), 100 * m.accuracyStd(), report.folds(), m.auc(),
        100 * m.eer(), report.failedImages().isEmpty() ? ""
            : "; " + report.failedImages().size() + " photos gave no face (listed under \"failed_images\")");
    return 0;
  }

  private LabelledPairs pairs() {
    if (source.pairs != null) {
      return LabelledPairs.readPairsFile(source.pairs, folds);
    }
    Path id = source.identities;
    if (Files.isDirectory(id)) {
      return LabelledPairs.fromIdentities(id, folds, maxGenuinePerPerson, impostorPairs, seed);
    }
    if (!Files.isRegularFile(id)) {
      throw new BadInputException("--identities " + id + ": no such folder or CSV file");
    }
    return LabelledPairs.fromIdentityCsv(id, folds, maxGenuinePerPerson, impostorPairs, seed);
  }

  static Map<String, Object> json(CalibrationReport report) {
    Map<String, Object> root = new LinkedHashMap<>();
    CalibrationReport.MetricReport primary = report.primary();
    root.put("model", report.embedder());
    root.put("detector", report.detector());
    root.put("alignment", report.alignment().name().toLowerCase(Locale.ROOT));
    root.put("flip", report.flip());
    root.put("distance_metric", primary.metric().deepFaceName());
    root.putAll(metric(primary, report.impostorPairs()));
    root.put("pairs", report.genuinePairs() + report.impostorPairs());
    root.put("same_pairs", report.genuinePairs());
    root.put("different_pairs", report.impostorPairs());
    root.put("folds", report.folds());
    root.put("images", report.images());
    root.put("skipped_pairs", report.skippedPairs());
    root.put("failed_images", report.failedImages());
    Map<String, Object> metrics = new LinkedHashMap<>();
    for (CalibrationReport.MetricReport m : report.metrics()) {
      metrics.put(m.metric().deepFaceName(), metric(m, report.impostorPairs()));
    }
    root.put("metrics", metrics);
    return root;
  }

  private static Map<String, Object> metric(CalibrationReport.MetricReport m, long impostors) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("threshold", m.threshold());
    j.put("threshold_std", m.thresholdStd());
    j.put("accuracy", m.accuracy());
    j.put("accuracy_std", m.accuracyStd());
    j.put("auc", m.auc());
    j.put("eer", m.eer());
    j.put("confidence_scale", m.scale());
    List<Map<String, Object>> points = new ArrayList<>();
    for (CalibrationReport.OperatingPoint p : m.operatingPoints()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("far", p.targetFar());
      o.put("threshold", p.threshold());
      o.put("tar", p.tar());
      o.put("observed_far", p.far());
      o.put("far_ci95", List.of(p.farLow(), p.farHigh()));
      o.put("cv_tar", p.cvTar());
      o.put("cv_tar_ci95", List.of(p.cvTarLow(), p.cvTarHigh()));
      o.put("cv_far", p.cvFar());
      o.put("supported", p.supported());
      o.put("note", p.note(impostors));
      points.add(o);
    }
    j.put("operating_points", points);
    return j;
  }
}
