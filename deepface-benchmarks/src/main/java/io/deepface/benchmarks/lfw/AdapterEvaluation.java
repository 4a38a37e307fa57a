package io.deepface.benchmarks.lfw;

import io.deepface.FaceEngine;
import io.deepface.adapt.EmbeddingAdapter;
import io.deepface.adapt.TrainingOptions;
import io.deepface.adapt.TripletTrainer;
import io.deepface.align.AlignmentMode;
import io.deepface.benchmarks.CommandLine;
import io.deepface.verify.Calibration;
import io.deepface.verify.DistanceMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Does a triplet-loss adapter help? Trains one on every lfw-dev photo of the people in LFW folds 1-3 and scores it
 * against its base embedder on the pairs of folds 4-5 (no person in both), each of the two test folds judged with the
 * threshold chosen on the other; for the default setting and for settings the embedder was not trained for (eye-line
 * alignment, a weaker embedder), where there is more to gain. Prints a Markdown table.
 *
 * <p>{@code java -cp ... io.deepface.benchmarks.lfw.AdapterEvaluation [--settings fusion/landmarks,fusion/eyes]
 * [--detector retinaface-yunet] [--out target/adapter] [--epochs 40] [--seed 42]}
 */
public final class AdapterEvaluation {
  private AdapterEvaluation() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = CommandLine.parse(args);
    Path pairsFile = Path.of(a.getOrDefault("pairs", "../shared/datasets/lfw-dev/pairs.txt"));
    Path imageRoot = Path.of(a.getOrDefault("images", "../shared/datasets/lfw-dev/images")).toAbsolutePath().normalize();
    Path out = Path.of(a.getOrDefault("out", "target/adapter"));
    String detector = a.getOrDefault("detector", "retinaface-yunet");
    int threads = Integer.parseInt(a.getOrDefault("threads", Integer.toString(Runtime.getRuntime().availableProcessors())));
    TrainingOptions training = TrainingOptions.builder().epochs(Integer.parseInt(a.getOrDefault("epochs", "40")))
        .seed(Long.parseLong(a.getOrDefault("seed", "42"))).build();
    List<String> settings = List.of(a.getOrDefault("settings", "fusion/landmarks,fusion/eyes,mobilefacenet-128/landmarks")
        .split(","));

    LfwPairs lfw = LfwPairs.read(pairsFile, imageRoot);
    List<LfwPairs.Pair> test = lfw.pairs().stream().filter(p -> p.fold() >= 4).toList();
    Set<String> testPeople = new LinkedHashSet<>();
    test.forEach(p -> {
      testPeople.add(person(p.first()));
      testPeople.add(person(p.second()));
    });
    Set<String> trainPeople = new LinkedHashSet<>();
    lfw.pairs().stream().filter(p -> p.fold() <= 3).forEach(p -> {
      trainPeople.add(person(p.first()));
      trainPeople.add(person(p.second()));
    });
    int overlap = (int) trainPeople.stream().filter(testPeople::contains).count();
    trainPeople.removeAll(testPeople);
    List<Path> trainPhotos = new ArrayList<>();
    for (String person : trainPeople) {
      try (Stream<Path> files = Files.list(imageRoot.resolve(person))) {
        files.filter(f -> f.toString().endsWith(".jpg")).sorted().forEach(trainPhotos::add);
      }
    }
    Set<Path> images = new LinkedHashSet<>(trainPhotos);
    test.forEach(p -> {
      images.add(p.first());
      images.add(p.second());
    });
    System.err.printf(Locale.ROOT, "train: %d people, %d photos (%d people of folds 1-3 also in 4-5 left out);"
        + " test: %d pairs of folds 4-5, %d people%n", trainPeople.size(), trainPhotos.size(), overlap, test.size(),
        testPeople.size());

    StringBuilder report = new StringBuilder("| embedder | alignment | base accuracy | adapted accuracy | base AUC |"
        + " adapted AUC | base TAR @ FAR 1e-2 | adapted TAR @ FAR 1e-2 | best epoch | training s |\n"
        + "|---|---|---|---|---|---|---|---|---|---|\n");
    try (FaceEngine engine = FaceEngine.create()) {
      // One detection pass for every setting (the cache keeps the embeddings for later runs).
      List<String> models = settings.stream().map(s -> s.split("/")[0]).distinct().toList();
      List<AlignmentMode> alignments = settings.stream()
          .map(s -> AlignmentMode.valueOf(s.split("/")[1].toUpperCase(Locale.ROOT))).distinct().toList();
      Map<FaceEmbeddings.Key, Map<Path, FaceEmbeddings.ImageFaces>> all = FaceEmbeddings.compute(engine,
          List.copyOf(images), detector, models, alignments, threads, out.resolve("embeddings"));
      for (String setting : settings) {
        String model = setting.split("/")[0];
        AlignmentMode alignment = AlignmentMode.valueOf(setting.split("/")[1].toUpperCase(Locale.ROOT));
        Map<Path, FaceEmbeddings.ImageFaces> faces = all.get(new FaceEmbeddings.Key(detector, model, alignment));
        List<TripletTrainer.Sample> samples = new ArrayList<>();
        for (Path photo : trainPhotos) {
          FaceEmbeddings.ImageFaces f = faces.get(photo);
          if (f != null && f.detected() > 0) {
            samples.add(new TripletTrainer.Sample(person(photo), f.plain().get(0)));
          }
        }
        long start = System.nanoTime();
        TripletTrainer.Result result = TripletTrainer.train(model, samples, training, e -> System.err.printf(
            Locale.ROOT, "%s/%s epoch %d: train loss %.4f (%.0f %% active), held-out loss %.4f%n", model,
            alignment.name().toLowerCase(Locale.ROOT), e.epoch(), e.trainLoss(), 100 * e.activeShare(),
            e.validationLoss()));
        double seconds = (System.nanoTime() - start) / 1e9;
        EmbeddingAdapter adapter = result.adapter();
        adapter.save(out.resolve(model + "-" + alignment.name().toLowerCase(Locale.ROOT) + ".adapter"));
        Scores base = score(test, faces, UnaryOperator.identity());
        Scores adapted = score(test, faces, adapter::apply);
        report.append(String.format(Locale.ROOT, "| %s | %s | %.2f %% ± %.2f | %.2f %% ± %.2f | %.4f | %.4f | %.3f |"
            + " %.3f | %d | %.0f |%n", model, alignment.name().toLowerCase(Locale.ROOT), 100 * base.accuracy(),
            100 * base.spread(), 100 * adapted.accuracy(), 100 * adapted.spread(), base.auc(), adapted.auc(),
            base.tar(), adapted.tar(), result.bestEpoch(), seconds));
        System.err.println(report);
      }
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("adapter.md"), report);
    System.out.print(report);
  }

  /** Cross-validated accuracy over the two test folds (mean and half the difference), AUC and TAR at FAR 1e-2. */
  record Scores(double accuracy, double spread, double auc, double tar) {}

  static Scores score(List<LfwPairs.Pair> pairs, Map<Path, FaceEmbeddings.ImageFaces> faces,
      UnaryOperator<float[]> map) {
    List<Calibration.Pair> scored = new ArrayList<>();
    for (LfwPairs.Pair p : pairs) {
      double d = Double.POSITIVE_INFINITY;
      for (float[] x : faces.get(p.first()).plain()) {
        for (float[] y : faces.get(p.second()).plain()) {
          d = Math.min(d, DistanceMetric.COSINE.distance(map.apply(x), map.apply(y)));
        }
      }
      scored.add(new Calibration.Pair(d, p.same(), p.fold() - 3));
    }
    double[] acc = Calibration.crossValidatedAccuracy(scored);
    return new Scores(Calibration.mean(acc), Math.abs(acc[0] - acc[1]) / 2, Calibration.rocAuc(scored),
        Calibration.tarAtFar(scored, 1e-2));
  }

  private static String person(Path photo) {
    return photo.getParent().getFileName().toString();
  }
}
