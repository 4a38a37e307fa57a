package io.deepface.benchmarks.attributes;

import io.deepface.benchmarks.attributes.AttributeDatasets.Sample;
import io.deepface.benchmarks.attributes.AttributeSurvey.Prediction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Scores attribute predictions against the labels: gender accuracy (UTKFace adults, FairFace ages 10+), age
 * mean absolute error (UTKFace adults) and share inside the labelled group (FairFace ages 10+), race accuracy
 * (UTKFace adults of the four named groups), expression accuracy (CK+ without contempt). Where a framing is
 * chosen from several, the figure is cross-validated: each of five folds is scored with the framing that did
 * best on the other four (folds split by image, and by subject for CK+).
 */
public final class AttributeEvaluation {
  static final int FOLDS = 5;
  static final Set<String> NAMED_RACES = Set.of("white", "black", "asian", "indian");

  /** One figure: its sum of per-sample scores and count (accuracy: rights; MAE: absolute errors). */
  record Score(double sum, int n) {
    double value() {
      return n == 0 ? Double.NaN : sum / n;
    }

    Score plus(Score o) {
      return new Score(sum + o.sum, n + o.n);
    }
  }

  /** A metric: which samples it scores, the per-sample score, and whether higher is better. */
  record Metric(String name, Predicate<Prediction> applies, Function<Prediction, Double> score, boolean higherIsBetter,
      boolean percent) {}

  static final List<Metric> METRICS = List.of(
      new Metric("gender, UTKFace adults", p -> is(p, "utkface") && p.sample().adult() && !Double.isNaN(p.pMan()),
          p -> right(p.pMan() >= 0.5, p.sample().gender()), true, true),
      new Metric("gender, FairFace 10+", p -> is(p, "fairface") && p.sample().ageLow() >= 10 && !Double.isNaN(p.pMan()),
          p -> right(p.pMan() >= 0.5, p.sample().gender()), true, true),
      new Metric("age MAE (years), UTKFace adults", p -> is(p, "utkface") && p.sample().adult() && !Double.isNaN(p.age()),
          p -> Math.abs(p.age() - p.sample().age()), false, false),
      new Metric("age inside group, FairFace 10+", p -> is(p, "fairface") && p.sample().ageLow() >= 10
          && !Double.isNaN(p.age()), p -> p.age() >= p.sample().ageLow() && p.age() < p.sample().ageHigh() + 1 ? 1.0 : 0.0,
          true, true),
      new Metric("race, UTKFace adults (4 groups)", p -> is(p, "utkface") && p.sample().adult() && p.race() != null
          && NAMED_RACES.contains(p.sample().race()), p -> argmax(p.race()).equals(p.sample().race()) ? 1.0 : 0.0, true,
          true),
      new Metric("emotion, CK+ (6 classes)", p -> is(p, "ckplus") && p.emotion() != null
          && !p.sample().emotion().equals("contempt"), p -> argmax(p.emotion()).equals(p.sample().emotion()) ? 1.0 : 0.0,
          true, true));

  private AttributeEvaluation() {}

  /**
   * Scores surveys already run: {@code predictions.tsv} files of {@link AttributeSurvey}, plus ensembles that
   * average chosen (model, framing) pairs, and writes the report to {@code --out} (or stdout).
   *
   * <pre>
   * java -cp ... io.deepface.benchmarks.attributes.AttributeEvaluation a/predictions.tsv b/predictions.tsv \
   *     [--ensemble "name=faceres-deep@square x1.10 flip,faceapi-age-gender@square x1.00"] [--calibrate]
   *     [--fit "component=name@mean"] [--out report.md]
   * </pre>
   */
  public static void main(String[] args) throws java.io.IOException {
    List<Prediction> all = new ArrayList<>();
    List<String> ensembles = new ArrayList<>();
    java.nio.file.Path out = null;
    boolean calibrate = false;
    List<String> fits = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--calibrate" -> calibrate = true;
        case "--fit" -> fits.add(args[++i]);
        case "--ensemble" -> ensembles.add(args[++i]);
        case "--out" -> out = java.nio.file.Path.of(args[++i]);
        default -> all.addAll(read(java.nio.file.Path.of(args[i])));
      }
    }
    for (String e : ensembles) {
      String[] nameAndParts = e.split("=", 2);
      List<String[]> parts = new ArrayList<>();
      for (String part : nameAndParts[1].split(",")) {
        parts.add(part.trim().split("@", 2));
      }
      all.addAll(ensemble(nameAndParts[0], parts, all));
    }
    if (!fits.isEmpty()) {
      // --fit COMPONENT=MODEL@FRAMING: the calibration the library ships for COMPONENT.
      com.fasterxml.jackson.databind.node.ObjectNode json = new com.fasterxml.jackson.databind.ObjectMapper()
          .createObjectNode();
      for (String f : fits) {
        String[] kv = f.split("=", 2);
        String[] mc = kv[1].split("@", 2);
        json.set(kv[0], fitted(all.stream().filter(p -> p.model().equals(mc[0]) && p.crop().equals(mc[1])).toList()));
      }
      System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
          .writeValueAsString(json));
    }
    if (calibrate) {
      all.addAll(calibrated(all));
    }
    String report = report(all);
    if (out != null) {
      java.nio.file.Files.writeString(out, report);
    }
    System.out.println(report);
  }

  /**
   * The mean of several (model, framing) predictions of each sample, as one model named {@code name} with framing
   * {@code mean}: mean man probability, mean age, mean race and emotion probabilities.
   */
  static List<Prediction> ensemble(String name, List<String[]> parts, List<Prediction> all) {
    // A part is model@framing, optionally *weight.
    double[] weights = new double[parts.size()];
    List<String[]> keys = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      String[] mp = parts.get(i);
      int star = mp[1].lastIndexOf('*');
      weights[i] = star < 0 ? 1 : Double.parseDouble(mp[1].substring(star + 1));
      keys.add(new String[] {mp[0], star < 0 ? mp[1] : mp[1].substring(0, star)});
    }
    Map<java.nio.file.Path, Prediction[]> bySample = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      for (Prediction p : all) {
        if (p.model().equals(keys.get(i)[0]) && p.crop().equals(keys.get(i)[1])) {
          bySample.computeIfAbsent(p.sample().file(), k -> new Prediction[keys.size()])[i] = p;
        }
      }
    }
    List<Prediction> out = new ArrayList<>();
    for (Prediction[] ps : bySample.values()) {
      if (java.util.Arrays.stream(ps).anyMatch(java.util.Objects::isNull)) {
        continue;
      }
      out.add(new Prediction(name, "mean", ps[0].sample(), mean(ps, weights, Prediction::pMan), mean(ps, weights,
          Prediction::age), meanMap(ps, weights, Prediction::race), meanMap(ps, weights, Prediction::emotion),
          ps[0].detected()));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("ensemble " + name + ": no sample has every part " + keys.stream()
          .map(p -> p[0] + "@" + p[1]).toList());
    }
    return out;
  }

  private static double mean(Prediction[] ps, double[] w, java.util.function.ToDoubleFunction<Prediction> f) {
    double sum = 0;
    double total = 0;
    for (int i = 0; i < ps.length; i++) {
      double v = f.applyAsDouble(ps[i]);
      if (!Double.isNaN(v)) {
        sum += w[i] * v;
        total += w[i];
      }
    }
    return total == 0 ? Double.NaN : sum / total;
  }

  private static Map<String, Double> meanMap(Prediction[] ps, double[] w, Function<Prediction, Map<String, Double>> f) {
    Map<String, Double> sum = null;
    double total = 0;
    for (int i = 0; i < ps.length; i++) {
      Map<String, Double> m = f.apply(ps[i]);
      if (m == null) {
        continue;
      }
      if (sum == null) {
        sum = new LinkedHashMap<>();
      }
      for (Map.Entry<String, Double> e : m.entrySet()) {
        sum.merge(e.getKey(), w[i] * e.getValue(), Double::sum);
      }
      total += w[i];
    }
    if (sum == null) {
      return null;
    }
    double t = total;
    sum.replaceAll((k, v) -> v / t);
    return sum;
  }

  /** Faces per block at least, when fitting the age calibration (so that it follows no single face). */
  static final int AGE_MIN_BLOCK = 20;

  /**
   * Each (model, framing) of {@code all} that predicts gender or age once more, calibrated, as framing
   * {@code <framing> cal}: for each fold, the calibration is fitted on the other folds' faces ({@link #fitGender},
   * {@link #fitAge}) and applied to the fold's faces.
   */
  static List<Prediction> calibrated(List<Prediction> all) {
    Map<String, List<Prediction>> byVariant = all.stream().collect(Collectors.groupingBy(
        p -> p.model() + "\u0000" + p.crop(), LinkedHashMap::new, Collectors.toList()));
    List<Prediction> out = new ArrayList<>();
    for (List<Prediction> ps : byVariant.values()) {
      boolean gender = ps.stream().anyMatch(p -> !Double.isNaN(p.pMan()));
      boolean age = ps.stream().anyMatch(p -> !Double.isNaN(p.age()));
      if ((!gender && !age) || ps.get(0).crop().endsWith(" cal")) {
        continue;
      }
      for (int k = 0; k < FOLDS; k++) {
        int fold = k;
        List<Prediction> train = ps.stream().filter(p -> fold(p.sample()) != fold).toList();
        io.deepface.components.GenderCalibration g = gender ? fitGender(train) : null;
        io.deepface.components.AgeCalibration a = age ? fitAge(train) : null;
        for (Prediction p : ps) {
          if (fold(p.sample()) == fold) {
            out.add(new Prediction(p.model(), p.crop() + " cal", p.sample(),
                g == null || Double.isNaN(p.pMan()) ? p.pMan() : g.apply(p.pMan()),
                a == null || Double.isNaN(p.age()) ? p.age() : a.apply(p.age()), p.race(), p.emotion(), p.detected()));
          }
        }
      }
    }
    return out;
  }

  /**
   * Platt scaling fitted on every face with a gender label, each data set weighing the same in total (UTKFace has
   * seven times as many faces as FairFace, whose photos are closer to what users send).
   */
  static io.deepface.components.GenderCalibration fitGender(List<Prediction> train) {
    List<Prediction> labelled = train.stream().filter(p -> p.sample().gender() != null && !Double.isNaN(p.pMan())).toList();
    Map<String, Long> perSet = labelled.stream().collect(Collectors.groupingBy(p -> p.sample().set(), Collectors.counting()));
    double[] pm = labelled.stream().mapToDouble(Prediction::pMan).toArray();
    boolean[] man = new boolean[labelled.size()];
    double[] weight = new double[labelled.size()];
    for (int i = 0; i < man.length; i++) {
      man[i] = labelled.get(i).sample().gender().equals("Man");
      weight[i] = (double) labelled.size() / (perSet.size() * perSet.get(labelled.get(i).sample().set()));
    }
    return io.deepface.components.GenderCalibration.fit(pm, man, weight);
  }

  /**
   * Isotonic age map fitted on UTKFace's exact ages and FairFace's age groups (each face taken at its group's middle:
   * {@code 20-29} at 25; {@code 70+} at 75).
   */
  static io.deepface.components.AgeCalibration fitAge(List<Prediction> train) {
    List<Prediction> labelled = train.stream().filter(p -> !Double.isNaN(p.sample().ageLow()) && !Double.isNaN(p.age()))
        .toList();
    return io.deepface.components.AgeCalibration.fit(labelled.stream().mapToDouble(Prediction::age).toArray(),
        labelled.stream().mapToDouble(p -> target(p.sample())).toArray(), AGE_MIN_BLOCK);
  }

  /** The age a labelled face stands for: its exact age, or the middle of its group. */
  static double target(Sample s) {
    if (!Double.isNaN(s.age())) {
      return s.age();
    }
    return (s.ageLow() + Math.min(s.ageHigh(), 79) + 1) / 2;
  }

  /**
   * The calibrations of one (model, framing), fitted on every face it predicted, as the JSON the library ships
   * ({@code io/deepface/components/attribute-calibration.json}, one entry per component).
   */
  static com.fasterxml.jackson.databind.node.ObjectNode fitted(List<Prediction> predictions) {
    com.fasterxml.jackson.databind.node.ObjectNode out = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    if (predictions.stream().anyMatch(p -> !Double.isNaN(p.pMan()))) {
      io.deepface.components.GenderCalibration g = fitGender(predictions);
      out.putObject("gender").put("a", g.a()).put("b", g.b());
    }
    if (predictions.stream().anyMatch(p -> !Double.isNaN(p.age()))) {
      io.deepface.components.AgeCalibration a = fitAge(predictions);
      com.fasterxml.jackson.databind.node.ObjectNode age = out.putObject("age");
      com.fasterxml.jackson.databind.node.ArrayNode from = age.putArray("from");
      com.fasterxml.jackson.databind.node.ArrayNode to = age.putArray("to");
      for (int i = 0; i < a.from().length; i++) {
        from.add(Math.round(a.from()[i] * 1000) / 1000.0);
        to.add(Math.round(a.to()[i] * 1000) / 1000.0);
      }
    }
    return out;
  }

  /** The predictions a survey wrote ({@link AttributeSurvey#write}). */
  static List<Prediction> read(java.nio.file.Path tsv) throws java.io.IOException {
    List<Prediction> out = new ArrayList<>();
    List<String> lines = java.nio.file.Files.readAllLines(tsv);
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split("\t", -1);
      Sample s = new Sample(c[2], java.nio.file.Path.of(c[2], c[3]), num(c[4]), num(c[5]), num(c[6]), blank(c[7]),
          blank(c[8]), blank(c[9]), blank(c[10]));
      out.add(new Prediction(c[0], c[1], s, num(c[12]), num(c[13]), probabilities(c[14]), probabilities(c[15]),
          Boolean.parseBoolean(c[11])));
    }
    return out;
  }

  private static double num(String s) {
    return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
  }

  private static String blank(String s) {
    return s.isEmpty() ? null : s;
  }

  /** {@code label=p;label=p} as percentages. */
  private static Map<String, Double> probabilities(String s) {
    if (s.isEmpty()) {
      return null;
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (String kv : s.split(";")) {
      String[] p = kv.split("=");
      m.put(p[0], 100 * Double.parseDouble(p[1]));
    }
    return m;
  }

  private static boolean is(Prediction p, String set) {
    return p.sample().set().equals(set);
  }

  private static double right(boolean man, String label) {
    return man == label.equals("Man") ? 1.0 : 0.0;
  }

  static String argmax(Map<String, Double> m) {
    return m.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  /** The fold of a sample: by subject when it has one, else by file name. */
  static int fold(Sample s) {
    String key = s.subject() != null ? s.subject() : s.file().getFileName().toString();
    return Math.floorMod(key.hashCode(), FOLDS);
  }

  /** Score of {@code metric} over {@code predictions}, per fold. */
  static Score[] perFold(Metric metric, List<Prediction> predictions) {
    Score[] s = new Score[FOLDS];
    java.util.Arrays.fill(s, new Score(0, 0));
    for (Prediction p : predictions) {
      if (metric.applies().test(p)) {
        int f = fold(p.sample());
        s[f] = s[f].plus(new Score(metric.score().apply(p), 1));
      }
    }
    return s;
  }

  static Score total(Score[] folds) {
    Score t = new Score(0, 0);
    for (Score s : folds) {
      t = t.plus(s);
    }
    return t;
  }

  /**
   * The cross-validated score of choosing among {@code variants} (name -> per-fold scores): each fold scored with
   * the variant best on the other folds. Returns the score and the variants chosen, fold by fold.
   */
  static Map.Entry<Score, List<String>> crossValidated(Metric metric, Map<String, Score[]> variants) {
    Score result = new Score(0, 0);
    List<String> chosen = new ArrayList<>();
    for (int k = 0; k < FOLDS; k++) {
      String best = null;
      double bestValue = Double.NaN;
      for (Map.Entry<String, Score[]> v : variants.entrySet()) {
        Score rest = new Score(0, 0);
        for (int j = 0; j < FOLDS; j++) {
          if (j != k) {
            rest = rest.plus(v.getValue()[j]);
          }
        }
        double value = rest.value();
        if (Double.isNaN(value)) {
          continue;
        }
        if (best == null || (metric.higherIsBetter() ? value > bestValue : value < bestValue)) {
          best = v.getKey();
          bestValue = value;
        }
      }
      if (best != null) {
        chosen.add(best);
        result = result.plus(variants.get(best)[k]);
      }
    }
    return Map.entry(result, chosen);
  }

  /** The Markdown report: per metric, every model and framing, and each model's cross-validated figure. */
  static String report(List<Prediction> all) {
    StringBuilder s = new StringBuilder("## Attribute models on the development sets\n\n");
    Map<String, Map<String, List<Prediction>>> byModel = all.stream().collect(Collectors.groupingBy(Prediction::model,
        LinkedHashMap::new, Collectors.groupingBy(Prediction::crop, LinkedHashMap::new, Collectors.toList())));
    for (Metric metric : METRICS) {
      StringBuilder rows = new StringBuilder();
      for (Map.Entry<String, Map<String, List<Prediction>>> m : byModel.entrySet()) {
        Map<String, Score[]> variants = new LinkedHashMap<>();
        for (Map.Entry<String, List<Prediction>> c : m.getValue().entrySet()) {
          Score[] f = perFold(metric, c.getValue());
          if (total(f).n() > 0) {
            variants.put(c.getKey(), f);
          }
        }
        if (variants.isEmpty()) {
          continue;
        }
        Map.Entry<Score, List<String>> cv = crossValidated(metric, variants);
        String best = variants.entrySet().stream().max((x, y) -> Double.compare(sign(metric) * total(x.getValue()).value(),
            sign(metric) * total(y.getValue()).value())).orElseThrow().getKey();
        List<String> cells = new ArrayList<>();
        for (Map.Entry<String, Score[]> v : variants.entrySet()) {
          cells.add(v.getKey() + " " + format(metric, total(v.getValue())));
        }
        rows.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s |%n", m.getKey(),
            format(metric, cv.getKey()), cv.getKey().n(), best, chosenSummary(cv.getValue()), String.join("; ", cells)));
      }
      if (rows.length() > 0) {
        s.append("### ").append(metric.name()).append("\n\n| model | cross-validated | n | best framing on all | "
            + "framings chosen per fold | every framing |\n|---|---|---|---|---|---|\n").append(rows).append('\n');
      }
    }
    return s.toString();
  }

  private static double sign(Metric m) {
    return m.higherIsBetter() ? 1 : -1;
  }

  private static String chosenSummary(List<String> chosen) {
    Map<String, Long> counts = new TreeMap<>(chosen.stream().collect(Collectors.groupingBy(c -> c, Collectors.counting())));
    return counts.entrySet().stream().map(e -> e.getKey() + (e.getValue() > 1 ? " (" + e.getValue() + ")" : ""))
        .collect(Collectors.joining(", "));
  }

  static String format(Metric m, Score s) {
    return m.percent() ? String.format(Locale.ROOT, "%.1f %%", 100 * s.value()) : String.format(Locale.ROOT, "%.2f", s.value());
  }
}
