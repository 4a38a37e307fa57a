package io.deepface.benchmarks.lfw;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.deepface.FaceEngine;
import io.deepface.align.AlignmentMode;
import io.deepface.verify.DistanceMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the LFW verification protocol for every detector x embedder x alignment x metric x flip setting
 * asked for and writes {@code lfw-report.md} and {@code lfw-thresholds.json} (entries in the catalog's
 * {@code verification} format) to the output folder.
 *
 * <pre>
 * java -cp ... io.deepface.benchmarks.lfw.LfwBenchmark --pairs ../shared/datasets/lfw-dev/pairs.txt \
 *     --images ../shared/datasets/lfw-dev/images --detectors yunet --models faceplugin-512,mobilefacenet-128 \
 *     --alignments landmarks,eyes,none --out target/lfw
 * </pre>
 */
public final class LfwBenchmark {
  private LfwBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = parse(args);
    Path pairsFile = Path.of(a.getOrDefault("pairs", "../shared/datasets/lfw-dev/pairs.txt"));
    Path images = Path.of(a.getOrDefault("images", "../shared/datasets/lfw-dev/images"));
    Path out = Path.of(a.getOrDefault("out", "target/lfw"));
    List<String> detectors = list(a.getOrDefault("detectors", "yunet"));
    List<String> models = list(a.getOrDefault("models", "faceplugin-512,mobilefacenet-128"));
    List<AlignmentMode> alignments = list(a.getOrDefault("alignments", "landmarks"))
        .stream().map(s -> AlignmentMode.valueOf(s.toUpperCase(Locale.ROOT))).toList();
    List<DistanceMetric> metrics = list(a.getOrDefault("metrics", "cosine,euclidean,euclidean_l2,angular"))
        .stream().map(DistanceMetric::parse).toList();
    int threads = Integer.parseInt(a.getOrDefault("threads", Integer.toString(Runtime.getRuntime().availableProcessors())));
    Path cache = Path.of(a.getOrDefault("cache", out.resolve("embeddings").toString()));

    LfwPairs lfw = LfwPairs.read(pairsFile, images);
    List<LfwEvaluation.Result> results = new ArrayList<>();
    try (FaceEngine engine = FaceEngine.create()) {
      for (String detector : detectors) {
        for (String model : models) {
          for (AlignmentMode alignment : alignments) {
            long start = System.nanoTime();
            Map<Path, FaceEmbeddings.ImageFaces> faces = FaceEmbeddings.compute(engine, lfw.images(), detector, model,
                alignment, threads, cache.resolve(detector + "_" + model + "_" + alignment.name().toLowerCase(Locale.ROOT) + ".bin"));
            double seconds = (System.nanoTime() - start) / 1e9;
            for (DistanceMetric metric : metrics) {
              for (boolean flip : new boolean[] {false, true}) {
                LfwEvaluation.Result r = LfwEvaluation.evaluate(lfw, faces, detector, model, alignment, metric, flip);
                results.add(r);
                System.err.printf(Locale.ROOT, "%s %s %s %s flip=%s: %.2f%% +- %.2f (threshold %.4f, AUC %.5f) [%.0f s embedding]%n",
                    detector, model, alignment, metric.deepFaceName(), flip, 100 * r.meanAccuracy(), 100 * r.stdAccuracy(),
                    r.threshold(), r.rocAuc(), seconds);
              }
            }
          }
        }
      }
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("lfw-report.md"), LfwReport.markdown(results, lfw));
    Files.writeString(out.resolve("lfw-thresholds.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(LfwReport.catalogEntries(results)));
    System.err.println("Wrote " + out.resolve("lfw-report.md") + " and " + out.resolve("lfw-thresholds.json"));
  }

  private static List<String> list(String csv) {
    return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
      }
      m.put(args[i].substring(2), args[++i]);
    }
    return m;
  }
}
