package io.deepface.benchmarks.attributes;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.analysis.Age;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.Emotion;
import io.deepface.analysis.Gender;
import io.deepface.analysis.Race;
import io.deepface.benchmarks.CommandLine;
import io.deepface.benchmarks.attributes.AttributeDatasets.Sample;
import io.deepface.components.FaceCrop;
import io.deepface.components.ImageAttributeModel;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.AttributeModel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures every attribute model on the labelled development sets, under several face framings, and writes
 * every prediction ({@code predictions.tsv}) and a summary ({@code survey.md}) to {@code --out}. The models'
 * crops and the library's defaults were chosen from this survey ({@link AttributeEvaluation} scores it with
 * cross-validation).
 *
 * <pre>
 * java -Ddeepface.model.path=../shared/models -cp ... io.deepface.benchmarks.attributes.AttributeSurvey \
 *     --datasets ../shared/datasets --out target/attribute-survey [--models gear,faceres] [--crops square:1.5,...|shipped]
 *     [--utk-step 1] [--threads 2]
 * </pre>
 */
public final class AttributeSurvey {
  /** Age and gender models (scored on UTKFace and FairFace) and emotion models (scored on CK+). */
  static final List<String> AGE_GENDER_MODELS = List.of("faceplugin-age", "faceplugin-gender", "gear", "faceres",
      "faceres-deep", "oarriaga-gender", "ssrnet-gender", "ssrnet-age", "faceapi-age-gender");
  // faceres-faceapi, the default, is an ensemble of faceres-deep and faceapi-age-gender: scored from their predictions.
  static final List<String> EMOTION_MODELS = List.of("faceplugin-emotion", "oarriaga-emotion", "faceapi-expression");
  /** The default age and gender model, an ensemble: scored from its members' predictions by {@link AttributeEvaluation}. */
  static final String DEFAULT_AGE_GENDER_ENSEMBLE = "faceres-faceapi=faceres-deep@landmarks x1.25 flip*0.65,"
      + "faceapi-age-gender@square x1.00 flip*0.35";
  static final String DEFAULT_CROPS = "square:1.0,square:1.25,square:1.5,square:1.75,square:2.0,"
      + "landmarks:1.0,landmarks:1.25,landmarks:1.5,landmarks:1.75,landmarks:2.0,eyes:1.25,eyes:1.5";

  /** A framing to measure: the crop, and whether the mirror image is averaged in. */
  record Framing(FaceCrop crop, boolean flip) {
    @Override
    public String toString() {
      return crop + (flip ? " flip" : "");
    }
  }

  /** One model's answer for one sample under one framing: NaN / null where it does not say. */
  public record Prediction(String model, String crop, Sample sample, double pMan, double age, Map<String, Double> race,
      Map<String, Double> emotion, boolean detected) {}

  private AttributeSurvey() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = CommandLine.parse(args);
    Path datasets = Path.of(a.getOrDefault("datasets", "../shared/datasets"));
    Path out = Path.of(a.getOrDefault("out", "target/attribute-survey"));
    int utkStep = Integer.parseInt(a.getOrDefault("utk-step", "1"));
    int threads = Integer.parseInt(a.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
    List<String> models = a.containsKey("models") ? List.of(a.get("models").split(","))
        : concat(AGE_GENDER_MODELS, EMOTION_MODELS);
    // "shipped": each model's own recipe only (crop and mirror image as the library uses them).
    String cropSpec = a.getOrDefault("crops", DEFAULT_CROPS);
    List<Framing> crops = cropSpec.equals("shipped") ? null : parseCrops(cropSpec);

    List<Sample> faces = new ArrayList<>();
    List<Sample> utk = AttributeDatasets.utkFace(datasets);
    for (int i = 0; i < utk.size(); i += utkStep) {
      faces.add(utk.get(i));
    }
    faces.addAll(AttributeDatasets.fairFace(datasets));
    List<Sample> expressions = AttributeDatasets.ckPlus(datasets);

    Files.createDirectories(out);
    List<Prediction> all = new ArrayList<>();
    try (FaceEngine engine = FaceEngine.builder().intraOpThreads(1).build()) {
      FaceOptions options = FaceOptions.builder().enforceDetection(false).build();
      Map<Path, Detection> detections = detect(engine, concat(faces, expressions), options, threads);
      long noFace = detections.values().stream().filter(d -> !d.found).count();
      System.err.printf(Locale.ROOT, "detected faces in %d of %d images%n", detections.size() - noFace, detections.size());
      ForkJoinPool pool = new ForkJoinPool(threads);
      try {
        for (String name : models) {
          AttributeModel model = engine.attributeModel(name);
          List<Sample> samples = EMOTION_MODELS.contains(name) ? expressions : faces;
          List<Framing> framings = !(model instanceof ImageAttributeModel m) ? List.of()
              : crops != null ? crops : List.of(new Framing(m.spec().crop(), m.spec().flip()));
          for (Framing crop : framings.isEmpty() ? java.util.Collections.<Framing>singletonList(null) : framings) {
            long start = System.nanoTime();
            AtomicLong modelNanos = new AtomicLong();
            List<Prediction> p = pool.submit(() -> samples.parallelStream().map(s -> {
              Detection d = detections.get(s.file());
              long t0 = System.nanoTime();
              List<AttributeValue> values = crop == null ? model.predict(d.image, d.face)
                  : ((ImageAttributeModel) model).predictUncalibrated(d.image, d.face, crop.crop(), crop.flip());
              modelNanos.addAndGet(System.nanoTime() - t0);
              return prediction(name, crop == null ? "own" : crop.toString(), s, values, d.found);
            }).toList()).get();
            all.addAll(p);
            System.err.printf(Locale.ROOT, "%s %s: %d faces in %.1f s (%.2f ms per face in the model)%n", name,
                crop == null ? "own crop" : crop, samples.size(), (System.nanoTime() - start) / 1e9,
                modelNanos.get() / 1e6 / samples.size());
          }
        }
      } finally {
        pool.shutdown();
      }
    }
    write(out.resolve("predictions.tsv"), all);
    if (models.containsAll(List.of("faceres-deep", "faceapi-age-gender"))) {
      try {
        String[] nameAndParts = DEFAULT_AGE_GENDER_ENSEMBLE.split("=", 2);
        List<String[]> parts = new ArrayList<>();
        for (String part : nameAndParts[1].split(",")) {
          parts.add(part.split("@", 2));
        }
        all.addAll(AttributeEvaluation.ensemble(nameAndParts[0], parts, all));
      } catch (IllegalArgumentException e) {
        System.err.println("default ensemble not scored: " + e.getMessage());
      }
    }
    all.addAll(AttributeEvaluation.calibrated(all));
    String report = AttributeEvaluation.report(all);
    Files.writeString(out.resolve("survey.md"), report);
    System.out.println(report);
  }

  /** A decoded image and the face the survey scores: the largest detected, else the whole image. */
  record Detection(RgbImage image, DetectedFace face, boolean found) {}

  static Map<Path, Detection> detect(FaceEngine engine, List<Sample> samples, FaceOptions options, int threads)
      throws Exception {
    Map<Path, Detection> out = new ConcurrentHashMap<>();
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      pool.submit(() -> samples.parallelStream().forEach(s -> {
        RgbImage img = engine.decode(ImageInput.of(s.file()));
        List<DetectedFace> faces = engine.detectFaces(ImageInput.of(img, s.file().toString()), options);
        DetectedFace face = faces.stream().max(Comparator.comparingDouble(f -> f.box().area())).orElseThrow();
        out.put(s.file(), new Detection(img, face, face.confidence() > 0));
      })).get();
    } finally {
      pool.shutdown();
    }
    return out;
  }

  static Prediction prediction(String model, String crop, Sample s, List<AttributeValue> values, boolean detected) {
    double pMan = Double.NaN;
    double age = Double.NaN;
    Map<String, Double> race = null;
    Map<String, Double> emotion = null;
    for (AttributeValue v : values) {
      if (v instanceof Gender g) {
        pMan = g.man() / 100;
      } else if (v instanceof Age ag) {
        age = ag.years();
      } else if (v instanceof Race r) {
        race = r.scores();
      } else if (v instanceof Emotion e) {
        emotion = e.scores();
      }
    }
    return new Prediction(model, crop, s, pMan, age, race, emotion, detected);
  }

  static void write(Path file, List<Prediction> all) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("model\tcrop\tset\tfile\tage\tage_low\tage_high\tgender\trace\temotion\tsubject\tdetected\tp_man\tpred_age"
          + "\tpred_race\tpred_emotion\n");
      for (Prediction p : all) {
        Sample s = p.sample();
        w.write(String.join("\t", p.model(), p.crop(), s.set(), s.file().getFileName().toString(), num(s.age()),
            num(s.ageLow()), num(s.ageHigh()), str(s.gender()), str(s.race()), str(s.emotion()), str(s.subject()),
            String.valueOf(p.detected()), num(p.pMan()), num(p.age()), map(p.race()), map(p.emotion())));
        w.write('\n');
      }
    }
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.5g", v);
  }

  private static String str(String s) {
    return s == null ? "" : s;
  }

  private static String map(Map<String, Double> m) {
    if (m == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    m.forEach((k, v) -> parts.add(k + "=" + String.format(Locale.ROOT, "%.4f", v / 100)));
    return String.join(";", parts);
  }

  /** Framings such as {@code square:1.25,landmarks:1.5:-0.05,box:1.0+flip} (mode:scale[:shift][+flip]). */
  static List<Framing> parseCrops(String spec) {
    List<Framing> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      String s = part.trim();
      boolean flip = s.endsWith("+flip");
      String[] p = (flip ? s.substring(0, s.length() - 5) : s).split(":");
      double shift = p.length > 2 ? Double.parseDouble(p[2]) : 0;
      out.add(new Framing(new FaceCrop(FaceCrop.Mode.valueOf(p[0].toUpperCase(Locale.ROOT)), Double.parseDouble(p[1]),
          shift), flip));
    }
    return out;
  }

  @SafeVarargs
  private static <T> List<T> concat(List<? extends T>... lists) {
    List<T> out = new ArrayList<>();
    for (List<? extends T> l : lists) {
      out.addAll(l);
    }
    return out;
  }
}
