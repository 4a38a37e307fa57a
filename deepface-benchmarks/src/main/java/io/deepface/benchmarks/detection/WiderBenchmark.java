package io.deepface.benchmarks.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.deepface.FaceEngine;
import io.deepface.benchmarks.CommandLine;
import io.deepface.benchmarks.detection.WiderFaces.Difficulty;
import io.deepface.benchmarks.lfw.LfwBenchmark;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.ComponentKind;
import io.deepface.spi.FaceDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Detection on a WIDER FACE development set for every detector asked for: recall at IoU 0.5 per subset (easy,
 * medium, hard, nested as WIDER defines them), false detections per photo, precision-recall curves and average
 * precision per subset ({@link WiderEvaluation}), at each detector's default confidence and over a range of
 * thresholds, recall by face width, with a minimum face size, thresholds chosen by cross-validation, and detection
 * time per photo. Writes {@code wider-report.md},
 * {@code wider-results.json} and {@code pr-easy.png}, {@code pr-medium.png}, {@code pr-hard.png} to the output
 * folder. With {@code --baseline} (an earlier run's {@code wider-results.json}, which names itself with
 * {@code --label}) the first table shows before and after.
 *
 * <p>Each photo is detected twice per detector: at the default confidence (timed; the figures at the default come
 * from this pass) and at {@code --floor} (for the curves and the threshold sweep, which filter that pass's
 * detections by score: the same as detecting at each threshold, since greedy non-maximum suppression keeps a box
 * or not whatever happens to the boxes that score less).
 *
 * <pre>
 * java -cp ... io.deepface.benchmarks.detection.WiderBenchmark --wider ../shared/datasets/wider-dev \
 *     [--detectors all | retinaface,yunet] [--floor 0.05] [--sweep 0.3,0.5,0.7,0.9] [--baseline old.json] \
 *     [--min-face-sizes 0,16,24,32] [--label "what this run measured"] --out target/wider
 * </pre>
 */
public final class WiderBenchmark {
  static final double[] WIDTH_EDGES = {0, 16, 24, 32, 48, 64, 128};
  private static final List<Difficulty> SUBSETS = List.of(Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD);

  /** One detector's results. */
  record Run(String detector, String backend, double defaultConfidence, List<List<DetectedFace>> atDefault,
      List<List<DetectedFace>> atFloor, double[] millis) {}

  private WiderBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = CommandLine.parse(args);
    WiderFaces set = WiderFaces.read(Path.of(a.getOrDefault("wider", "../shared/datasets/wider-dev")));
    Path out = Path.of(a.getOrDefault("out", "target/wider"));
    double floor = Double.parseDouble(a.getOrDefault("floor", "0.05"));
    double[] sweep = Arrays.stream(a.getOrDefault("sweep", "0.3,0.4,0.5,0.6,0.7,0.8,0.9,0.95").split(","))
        .mapToDouble(Double::parseDouble).toArray();
    int[] minSizes = Arrays.stream(a.getOrDefault("min-face-sizes", "0,12,16,20,24,32").split(","))
        .mapToInt(Integer::parseInt).toArray();
    JsonNode baseline = a.containsKey("baseline") ? new ObjectMapper().readTree(Path.of(a.get("baseline")).toFile())
        : null;
    List<Run> runs = new ArrayList<>();
    try (FaceEngine engine = FaceEngine.create()) {
      List<String> names = LfwBenchmark.names(a.getOrDefault("detectors", "all"), engine, ComponentKind.DETECTOR);
      List<RgbImage> images = new ArrayList<>();
      for (WiderFaces.Photo p : set.images()) {
        images.add(engine.decode(ImageInput.of(set.path(p))));
      }
      for (String name : names) {
        runs.add(run(engine.detector(name), images, floor));
        Run r = runs.get(runs.size() - 1);
        WiderEvaluation.Summary hard = summaries(set, r).get(Difficulty.HARD);
        System.err.printf(Locale.ROOT, "%s: recall %s, %.2f false detections per photo, %.1f ms per photo%n", name,
            recalls(set, r), hard.falsePerImage(), mean(r.millis()));
      }
    }
    Files.createDirectories(out);
    Map<Difficulty, List<PrChart.Line>> lines = new LinkedHashMap<>();
    for (Difficulty d : SUBSETS) {
      List<PrChart.Line> l = new ArrayList<>();
      for (Run r : runs) {
        WiderEvaluation.Summary s = WiderEvaluation.summary(set, r.atDefault(), d, 0);
        l.add(new PrChart.Line(r.detector(), WiderEvaluation.curve(set, r.atFloor(), d), s.recall(), s.precision()));
      }
      lines.put(d, l);
      PrChart.write(out.resolve("pr-" + d.name().toLowerCase(Locale.ROOT) + ".png"),
          "Precision-recall on " + set.dir().getFileName() + ", " + d.name().toLowerCase(Locale.ROOT) + " subset", l);
    }
    Map<String, Object> json = json(set, runs, sweep, floor);
    if (a.containsKey("label")) {
      json.put("label", a.get("label"));
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("wider-results.json").toFile(),
        json);
    Files.writeString(out.resolve("wider-report.md"), markdown(set, runs, sweep, floor, baseline, minSizes));
    System.err.println("Wrote " + out.resolve("wider-report.md"));
  }

  static Run run(FaceDetector d, List<RgbImage> images, double floor) {
    double conf = d.defaultConfidence();
    d.detect(images.get(0), conf);
    List<List<DetectedFace>> atDefault = new ArrayList<>();
    double[] millis = new double[images.size()];
    for (int i = 0; i < images.size(); i++) {
      long start = System.nanoTime();
      atDefault.add(d.detect(images.get(i), conf));
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    List<List<DetectedFace>> atFloor = new ArrayList<>();
    for (RgbImage img : images) {
      atFloor.add(d.detect(img, Math.min(floor, conf)));
    }
    return new Run(d.info().name(), d.info().backend(), conf, atDefault, atFloor, millis);
  }

  private static Map<Difficulty, WiderEvaluation.Summary> summaries(WiderFaces set, Run r) {
    Map<Difficulty, WiderEvaluation.Summary> m = new LinkedHashMap<>();
    for (Difficulty d : SUBSETS) {
      m.put(d, WiderEvaluation.summary(set, r.atDefault(), d, 0));
    }
    return m;
  }

  private static String recalls(WiderFaces set, Run r) {
    StringBuilder s = new StringBuilder();
    summaries(set, r).forEach((d, x) -> s.append(s.length() == 0 ? "" : " / ").append(fmt(x.recall())));
    return s.toString();
  }

  static Map<String, Object> json(WiderFaces set, List<Run> runs, double[] sweep, double floor) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("dataset", set.dir().getFileName().toString());
    root.put("photos", set.images().size());
    Map<String, Integer> faces = new LinkedHashMap<>();
    SUBSETS.forEach(d -> faces.put(key(d), set.scored(d)));
    root.put("faces", faces);
    root.put("floor", floor);
    Map<String, Object> detectors = new LinkedHashMap<>();
    for (Run r : runs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("backend", r.backend());
      m.put("defaultConfidence", r.defaultConfidence());
      m.put("msPerPhoto", mean(r.millis()));
      Map<String, Object> def = new LinkedHashMap<>();
      for (Difficulty d : SUBSETS) {
        WiderEvaluation.Summary s = WiderEvaluation.summary(set, r.atDefault(), d, 0);
        def.put(key(d), Map.of("recall", s.recall(), "recalled", s.recalled(), "faces", s.faces(),
            "falseDetections", s.falseDetections()));
      }
      m.put("falsePerPhoto", WiderEvaluation.summary(set, r.atDefault(), Difficulty.HARD, 0).falsePerImage());
      m.put("atDefault", def);
      Map<String, Double> ap = new LinkedHashMap<>();
      SUBSETS.forEach(d -> ap.put(key(d), WiderEvaluation.curve(set, r.atFloor(), d).averagePrecision()));
      m.put("averagePrecision", ap);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (double t : sweep) {
        if (t < Math.min(floor, r.defaultConfidence())) {
          continue;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("confidence", t);
        for (Difficulty d : SUBSETS) {
          row.put(key(d), WiderEvaluation.summary(set, r.atFloor(), d, t).recall());
        }
        row.put("falsePerPhoto", WiderEvaluation.summary(set, r.atFloor(), Difficulty.HARD, t).falsePerImage());
        rows.add(row);
      }
      m.put("sweep", rows);
      detectors.put(r.detector(), m);
    }
    root.put("detectors", detectors);
    return root;
  }

  static String markdown(WiderFaces set, List<Run> runs, double[] sweep, double floor, JsonNode baseline,
      int[] minSizes) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "# Face detection on %s (%d photos; faces scored: easy %d, medium %d, hard %d;"
        + " IoU 0.5, WIDER protocol)%n%n", set.dir().getFileName(), set.images().size(), set.scored(Difficulty.EASY),
        set.scored(Difficulty.MEDIUM), set.scored(Difficulty.HARD)));
    s.append("Subsets nest as in WIDER FACE (medium holds the easy faces, hard holds all); ignored faces count neither"
        + " as hits nor as false detections. False detections are counted over all faces (hard subset).");
    s.append(baseline == null ? "\n\n" : " Cells read before -> after (before: " + baseline.path("label").asText(
        "the baseline run") + ").\n\n");
    s.append("| detector | backend | confidence | recall easy | recall medium | recall hard | false / photo |"
        + " AP easy | AP medium | AP hard | ms / photo |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Run r : runs) {
      JsonNode b = baseline == null ? null : baseline.path("detectors").get(r.detector());
      s.append("| ").append(r.detector()).append(" | ").append(r.backend()).append(" | ")
          .append(cell(b == null ? Double.NaN : b.path("defaultConfidence").asDouble(), r.defaultConfidence(), "%.2f"));
      for (Difficulty d : SUBSETS) {
        double before = b == null ? Double.NaN : b.path("atDefault").path(key(d)).path("recall").asDouble();
        s.append(" | ").append(cell(before, WiderEvaluation.summary(set, r.atDefault(), d, 0).recall(), "%.3f"));
      }
      s.append(" | ").append(cell(b == null ? Double.NaN : b.path("falsePerPhoto").asDouble(),
          WiderEvaluation.summary(set, r.atDefault(), Difficulty.HARD, 0).falsePerImage(), "%.2f"));
      for (Difficulty d : SUBSETS) {
        double before = b == null ? Double.NaN : b.path("averagePrecision").path(key(d)).asDouble();
        s.append(" | ").append(cell(before, WiderEvaluation.curve(set, r.atFloor(), d).averagePrecision(), "%.3f"));
      }
      s.append(" | ").append(cell(b == null ? Double.NaN : b.path("msPerPhoto").asDouble(), mean(r.millis()), "%.0f"))
          .append(" |\n");
    }
    s.append(String.format(Locale.ROOT, "%nAverage precision from every detection scoring at least %.2f (or the"
        + " detector's default, when lower). Time: one photo after another, mean over the set (about 1024 px wide),"
        + " on the machine running the benchmark.%n%n", floor));

    s.append("## Recall by face width (hard subset, default confidence)\n\n| detector |");
    for (int k = 0; k < WIDTH_EDGES.length; k++) {
      s.append(k + 1 < WIDTH_EDGES.length ? String.format(Locale.ROOT, " %.0f-%.0f px |", WIDTH_EDGES[k],
          WIDTH_EDGES[k + 1]) : String.format(Locale.ROOT, " %.0f px and over |", WIDTH_EDGES[k]));
    }
    s.append("\n|---|").append("---|".repeat(WIDTH_EDGES.length)).append('\n');
    for (Run r : runs) {
      int[][] byWidth = WiderEvaluation.recallByWidth(set, r.atDefault(), Difficulty.HARD, 0, WIDTH_EDGES);
      s.append("| ").append(r.detector()).append(" |");
      for (int[] c : byWidth) {
        s.append(String.format(Locale.ROOT, " %s (%d/%d) |", c[0] == 0 ? "-" : fmt((double) c[1] / c[0]), c[1], c[0]));
      }
      s.append('\n');
    }

    s.append("\n## With a minimum face size\n\nRecall easy / medium / hard and false detections per photo at the"
        + " default confidence when detections narrower than the minimum are dropped (FaceOptions.minFaceSize; the"
        + " faces to find stay the same).\n\n| detector |");
    for (int m : minSizes) {
      s.append(" ").append(m).append(" px |");
    }
    s.append("\n|---|").append("---|".repeat(minSizes.length)).append('\n');
    for (Run r : runs) {
      s.append("| ").append(r.detector()).append(" |");
      for (int m : minSizes) {
        List<List<DetectedFace>> kept = r.atDefault().stream()
            .map(l -> l.stream().filter(f -> f.box().width() >= m).toList()).toList();
        StringBuilder c = new StringBuilder();
        for (Difficulty d : SUBSETS) {
          c.append(c.length() == 0 ? "" : " / ").append(fmt(WiderEvaluation.summary(set, kept, d, 0).recall()));
        }
        s.append(' ').append(c).append(String.format(Locale.ROOT, "; %.2f |",
            WiderEvaluation.summary(set, kept, Difficulty.HARD, 0).falsePerImage()));
      }
      s.append('\n');
    }

    s.append("\n## Thresholds chosen by cross-validation\n\nThe threshold with the best F1 score on the hard subset (all"
        + " scored faces: the balance of found faces and false detections), chosen on four fifths of the photos and"
        + " scored on the other fifth, five times (photo i in fold i mod 5); held-out recall and false detections"
        + " summed over the folds. The last column is the threshold the same rule picks on all photos.\n\n"
        + "| detector | default | per fold | recall easy | recall medium | recall hard | false / photo |"
        + " on all photos |\n|---|---|---|---|---|---|---|---|\n");
    for (Run r : runs) {
      double from = Math.min(floor, r.defaultConfidence());
      WiderEvaluation.CrossValidation cv = WiderEvaluation.crossValidate(set, r.atFloor(), 5, from);
      s.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %.3f | %.3f | %.3f | %.2f | %.2f |%n", r.detector(),
          r.defaultConfidence(), Arrays.stream(cv.thresholds()).mapToObj(t -> String.format(Locale.ROOT, "%.2f", t))
              .collect(java.util.stream.Collectors.joining(", ")), cv.recall(Difficulty.EASY),
          cv.recall(Difficulty.MEDIUM), cv.recall(Difficulty.HARD), cv.falsePerImage(),
          WiderEvaluation.bestF1Threshold(set, r.atFloor(), Difficulty.HARD, from)));
    }

    s.append("\n## Over the confidence range\n\nRecall easy / medium / hard and false detections per photo at each"
        + " threshold.\n\n| detector |");
    for (double t : sweep) {
      s.append(String.format(Locale.ROOT, " %.2f |", t));
    }
    s.append("\n|---|").append("---|".repeat(sweep.length)).append('\n');
    for (Run r : runs) {
      s.append("| ").append(r.detector()).append(" |");
      for (double t : sweep) {
        if (t < Math.min(floor, r.defaultConfidence())) {
          s.append(" - |");
          continue;
        }
        StringBuilder c = new StringBuilder();
        for (Difficulty d : SUBSETS) {
          c.append(c.length() == 0 ? "" : " / ").append(fmt(WiderEvaluation.summary(set, r.atFloor(), d, t).recall()));
        }
        s.append(' ').append(c).append(String.format(Locale.ROOT, "; %.2f |",
            WiderEvaluation.summary(set, r.atFloor(), Difficulty.HARD, t).falsePerImage()));
      }
      s.append('\n');
    }
    s.append("\n![pr-easy](pr-easy.png)\n\n![pr-medium](pr-medium.png)\n\n![pr-hard](pr-hard.png)\n");
    return s.toString();
  }

  private static String cell(double before, double after, String format) {
    String a = String.format(Locale.ROOT, format, after);
    if (Double.isNaN(before)) {
      return a;
    }
    String b = String.format(Locale.ROOT, format, before);
    return b.equals(a) ? a : b + " -> " + a;
  }

  private static String key(Difficulty d) {
    return d.name().toLowerCase(Locale.ROOT);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }
}
