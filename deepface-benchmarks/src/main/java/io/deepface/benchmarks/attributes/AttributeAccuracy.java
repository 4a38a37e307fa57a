package io.deepface.benchmarks.attributes;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceAnalysis;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.analysis.FaceAttribute;
import io.deepface.benchmarks.CommandLine;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.verify.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Attribute accuracy with the default models on the labelled sets of {@code shared/datasets}: gender on the
 * 40 grey face crops of {@code faceapi-examples/identities.csv} and on the faces of the same eight people in
 * the five colour group photos {@code bbt1-5.jpg} (each face named by its nearest identity in embedding space,
 * 0.3 cosine similarity at least), emotion on the seven photos of {@code emotions.csv}, and age and gender of
 * the astronaut portrait (Eileen Collins, then in her forties). Writes {@code attributes.md} to {@code --out}.
 *
 * <pre>
 * java -Ddeepface.model.path=../shared/models -cp ... io.deepface.benchmarks.attributes.AttributeAccuracy \
 *     --datasets ../shared/datasets [--detector retinaface] [--out target/benchmark-report]
 * </pre>
 */
public final class AttributeAccuracy {
  /** Cosine similarity below which a group-photo face is none of the eight people. */
  static final double SAME_PERSON = 0.3;

  private AttributeAccuracy() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = CommandLine.parse(args);
    Path datasets = Path.of(a.getOrDefault("datasets", "../shared/datasets"));
    Path faceapi = datasets.resolve("faceapi-examples");
    Path out = Path.of(a.getOrDefault("out", "target/benchmark-report"));
    FaceOptions options = FaceOptions.builder().detector(a.getOrDefault("detector", FaceOptions.DEFAULT_DETECTOR)).build();
    FaceOptions one = options.toBuilder().maxFaces(1).build();
    StringBuilder s = new StringBuilder("## Attribute accuracy\n\n");
    s.append("Default attribute models (age and gender: `").append(AnalyzeOptions.DEFAULT_MODELS.get(FaceAttribute.GENDER))
        .append("`; emotion: `").append(AnalyzeOptions.DEFAULT_MODELS.get(FaceAttribute.EMOTION))
        .append("`), detector `").append(options.detector()).append("`.\n\n");
    s.append("| set | attribute | right | of | accuracy | detail |\n|---|---|---|---|---|---|\n");
    try (FaceEngine engine = FaceEngine.create()) {
      // Gender on the 40 grey crops, and the identity centroids for the group photos.
      Map<String, float[]> centroids = new LinkedHashMap<>();
      Map<String, String> genders = new LinkedHashMap<>();
      Map<String, int[]> byGender = new TreeMap<>();
      int right = 0;
      List<String[]> rows = csv(faceapi.resolve("identities.csv"));
      for (String[] row : rows) {
        RgbImage img = engine.decode(ImageInput.of(faceapi.resolve(row[0])));
        String predicted = engine.analyze(ImageInput.of(img, row[0]), AnalyzeOptions.of(FaceAttribute.GENDER), one).get(0).gender()
            .dominant();
        int[] counts = byGender.computeIfAbsent(row[2], k -> new int[2]);
        counts[1]++;
        if (predicted.equals(row[2])) {
          right++;
          counts[0]++;
        }
        float[] e = Vectors.normalize(engine.represent(ImageInput.of(img, row[0]), one).get(0).embedding());
        centroids.merge(row[1], e, AttributeAccuracy::sum);
        genders.put(row[1], row[2]);
      }
      centroids.replaceAll((k, v) -> Vectors.normalize(v));
      List<String> detail = new ArrayList<>();
      byGender.forEach((g, c) -> detail.add(g + " " + c[0] + "/" + c[1]));
      row(s, "faceapi identities.csv: 40 grey 150x150 crops", "gender", right, rows.size(), String.join(", ", detail));

      // Gender of the cast in the colour group photos.
      int recognised = 0;
      int groupRight = 0;
      int faces = 0;
      List<String> wrong = new ArrayList<>();
      for (int k = 1; k <= 5; k++) {
        String file = "bbt" + k + ".jpg";
        RgbImage img = engine.decode(ImageInput.of(faceapi.resolve(file)));
        List<Representation> reps = engine.represent(ImageInput.of(img, file), options);
        List<FaceAnalysis> analyses = engine.analyze(ImageInput.of(img, file), AnalyzeOptions.of(FaceAttribute.GENDER), options);
        faces += reps.size();
        for (int i = 0; i < reps.size(); i++) {
          String who = nearest(Vectors.normalize(reps.get(i).embedding()), centroids);
          if (who == null) {
            continue;
          }
          recognised++;
          if (analyses.get(i).gender().dominant().equals(genders.get(who))) {
            groupRight++;
          } else {
            wrong.add(file + " " + who);
          }
        }
      }
      row(s, "faceapi bbt1-5.jpg: colour group photos", "gender", groupRight, recognised, faces + " faces found, "
          + recognised + " recognised as one of the eight" + (wrong.isEmpty() ? "" : "; wrong: " + String.join(", ", wrong)));

      // Emotion on the seven labelled photos.
      int emotionRight = 0;
      List<String> answers = new ArrayList<>();
      List<String[]> emotions = csv(faceapi.resolve("emotions.csv"));
      for (String[] row : emotions) {
        RgbImage img = engine.decode(ImageInput.of(faceapi.resolve(row[0])));
        String e = engine.analyze(ImageInput.of(img, row[0]), AnalyzeOptions.of(FaceAttribute.EMOTION), one).get(0).emotion().dominant();
        answers.add(row[1] + (e.equals(row[1]) ? "" : " as " + e));
        if (e.equals(row[1])) {
          emotionRight++;
        }
      }
      row(s, "faceapi emotions.csv: 7 photos", "emotion", emotionRight, emotions.size(), String.join(", ", answers));

      // The astronaut.
      RgbImage astronaut = engine.decode(ImageInput.of(datasets.resolve("misc/astronaut.png")));
      FaceAnalysis f = engine.analyze(ImageInput.of(astronaut, "astronaut"), AnalyzeOptions.of(FaceAttribute.AGE, FaceAttribute.GENDER),
          one).get(0);
      s.append(String.format(Locale.ROOT, "| misc/astronaut.png (a woman in her forties) | age, gender | - | - | - | age "
          + "%.1f, %s (Woman %.1f %%) |%n", f.age().years(), f.gender().dominant(), f.gender().woman()));
    }
    s.append('\n');
    Files.createDirectories(out);
    Files.writeString(out.resolve("attributes.md"), s.toString());
    System.out.println(s);
  }

  private static void row(StringBuilder s, String set, String attribute, int right, int of, String detail) {
    s.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.1f %% | %s |%n", set, attribute, right, of,
        of == 0 ? 0 : 100.0 * right / of, detail));
  }

  /** The identity whose centroid is most similar to {@code v}, if at least {@link #SAME_PERSON}. */
  static String nearest(float[] v, Map<String, float[]> centroids) {
    String who = null;
    double best = SAME_PERSON;
    for (Map.Entry<String, float[]> c : centroids.entrySet()) {
      double sim = 0;
      for (int i = 0; i < v.length; i++) {
        sim += v[i] * c.getValue()[i];
      }
      if (sim > best) {
        best = sim;
        who = c.getKey();
      }
    }
    return who;
  }

  private static float[] sum(float[] a, float[] b) {
    float[] s = new float[a.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = a[i] + b[i];
    }
    return s;
  }

  /** Rows of a CSV file with a header line, split on commas. */
  static List<String[]> csv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
  }
}
