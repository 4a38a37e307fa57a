package io.deepface.benchmarks.lfw;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.deepface.FaceEngine;
import io.deepface.align.AlignmentMode;
import io.deepface.benchmarks.CommandLine;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.ComponentKind;
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
 * asked for and writes {@code lfw-report.md}, {@code lfw-thresholds.json} (entries in the catalog's
 * {@code verification} format) and ROC curves ({@code roc-*.png}) to the output folder. Each image is detected
 * once per detector for every embedder and alignment; embeddings are cached per setting in {@code --cache}
 * (default {@code OUT/embeddings}), so a rerun only computes what is new. {@code all} names every detector,
 * every embedder or every alignment the classpath offers; fused embedders are derived from their parts.
 *
 * <pre>
 * java -cp ... io.deepface.benchmarks.lfw.LfwBenchmark --pairs ../shared/datasets/lfw-dev/pairs.txt \
 *     --images ../shared/datasets/lfw-dev/images --detectors retinaface,yunet --models all \
 *     --alignments landmarks,eyes,none [--metrics cosine] [--pairs-per-fold 600] --out target/lfw
 * </pre>
 */
public final class LfwBenchmark {
  private LfwBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = CommandLine.parse(args);
    Path pairsFile = Path.of(a.getOrDefault("pairs", "../shared/datasets/lfw-dev/pairs.txt"));
    // Absolute image paths key the cache, so runs from other folders share it.
    Path images = Path.of(a.getOrDefault("images", "../shared/datasets/lfw-dev/images")).toAbsolutePath().normalize();
    Path out = Path.of(a.getOrDefault("out", "target/lfw"));
    int threads = Integer.parseInt(a.getOrDefault("threads", Integer.toString(Runtime.getRuntime().availableProcessors())));
    Path cache = Path.of(a.getOrDefault("cache", out.resolve("embeddings").toString()));
    List<DistanceMetric> metrics = list(a.getOrDefault("metrics", "cosine")).stream().map(DistanceMetric::parse).toList();

    LfwPairs lfw = LfwPairs.read(pairsFile, images);
    if (a.containsKey("pairs-per-fold")) {
      lfw = lfw.subset(Integer.parseInt(a.get("pairs-per-fold")));
    }
    List<LfwEvaluation.Result> results = new ArrayList<>();
    Map<String, Double> secondsPerDetector = new LinkedHashMap<>();
    try (FaceEngine engine = FaceEngine.create()) {
      List<String> detectors = names(a.getOrDefault("detectors", "retinaface"), engine, ComponentKind.DETECTOR);
      List<String> models = names(a.getOrDefault("models", "fusion,faceplugin-512,mobilefacenet-128"), engine,
          ComponentKind.EMBEDDER);
      String alignmentNames = a.getOrDefault("alignments", "landmarks");
      List<AlignmentMode> alignments = alignmentNames.equals("all") ? List.of(AlignmentMode.values())
          : list(alignmentNames).stream().map(s -> AlignmentMode.valueOf(s.toUpperCase(Locale.ROOT))).toList();
      for (String detector : detectors) {
        long start = System.nanoTime();
        Map<FaceEmbeddings.Key, Map<Path, FaceEmbeddings.ImageFaces>> all = FaceEmbeddings.compute(engine, lfw.images(),
            detector, models, alignments, threads, cache);
        double seconds = (System.nanoTime() - start) / 1e9;
        secondsPerDetector.put(detector, seconds);
        for (Map.Entry<FaceEmbeddings.Key, Map<Path, FaceEmbeddings.ImageFaces>> e : all.entrySet()) {
          FaceEmbeddings.Key k = e.getKey();
          for (DistanceMetric metric : metrics) {
            for (boolean flip : new boolean[] {false, true}) {
              LfwEvaluation.Result r = LfwEvaluation.evaluate(lfw, e.getValue(), detector, k.model(), k.alignment(),
                  metric, flip);
              results.add(r);
              System.err.printf(Locale.ROOT, "%s %s %s %s flip=%s: %.2f%% +- %.2f (threshold %.4f, AUC %.5f)%n",
                  detector, k.model(), k.alignment(), metric.deepFaceName(), flip, 100 * r.meanAccuracy(),
                  100 * r.stdAccuracy(), r.threshold(), r.rocAuc());
            }
          }
        }
        System.err.printf(Locale.ROOT, "%s: %.0f s embedding (0 when cached)%n", detector, seconds);
      }
    }
    Files.createDirectories(out);
    List<String> charts = LfwReport.rocCharts(results, out);
    Files.writeString(out.resolve("lfw-report.md"), LfwReport.markdown(results, lfw, charts));
    Files.writeString(out.resolve("lfw-thresholds.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(LfwReport.catalogEntries(results)));
    System.err.println("Wrote " + out.resolve("lfw-report.md") + ", " + charts + " and "
        + out.resolve("lfw-thresholds.json"));
  }

  /** A comma-separated list of component names, or {@code all}: every one of that kind on the classpath. */
  public static List<String> names(String csv, FaceEngine engine, ComponentKind kind) {
    if (!csv.equals("all")) {
      return list(csv);
    }
    return engine.registry().components().stream().filter(c -> c.kind() == kind).map(ComponentInfo::name).distinct()
        .toList();
  }

  private static List<String> list(String csv) {
    return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
