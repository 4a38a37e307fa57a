package io.deepface.benchmarks.memory;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceOptions;
import io.deepface.benchmarks.CommandLine;
import io.deepface.benchmarks.lfw.LfwPairs;
import io.deepface.benchmarks.speed.Inputs;
import io.deepface.benchmarks.speed.Machine;
import io.deepface.components.StandardComponents;
import io.deepface.model.ModelInfo;
import io.deepface.model.ModelRepository;
import io.deepface.spi.ComponentKind;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Cold start: the time from launching a new JVM to the first {@code DeepFace.verify} result, with the default
 * models in the local cache ({@code DEEPFACE_HOME/.deepface/models}, checked by SHA-256 as always), and the
 * resident memory once every default model (verify's and analyze's) is loaded. Each run launches
 * {@link FirstVerify}, twice per round: with the onnx backend alone on the classpath (a typical application)
 * and with every backend of this module (onnx, opencv, djl). Writes {@code coldstart.md} to {@code --out}.
 *
 * <pre>
 * java -cp ... io.deepface.benchmarks.memory.ColdStart --lfw ../shared/datasets/lfw-dev [--runs 3] [--out DIR]
 * </pre>
 */
public final class ColdStart {
  /** Jars only the opencv and djl backends (and the benchmark tools) need. */
  private static final List<String> NOT_ONNX = List.of("deepface-opencv", "deepface-djl", "opencv-", "javacpp-",
      "openblas-", "api-0.", "onnxruntime-engine", "tflite-", "jna-", "gson-", "jmh-", "jopt-", "commons-math3");

  /** One launch: wall time to the result, the child's own split, and memory. */
  record Run(String classpath, double wallMs, long jvmToMainMs, long mainToResultMs, long rssVerify, long rssAll,
      long heap, long peakRss) {}

  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = CommandLine.parse(args);
    Path lfw = Path.of(a.getOrDefault("lfw", "../shared/datasets/lfw-dev"));
    int runs = Integer.parseInt(a.getOrDefault("runs", "3"));
    Path out = Path.of(a.getOrDefault("out", "target/benchmark-report"));
    Path home = out.resolve("coldstart-home").toAbsolutePath();
    int cached = fillCache(home.resolve(".deepface/models"));
    LfwPairs.Pair pair = LfwPairs.read(lfw.resolve("pairs.txt"), lfw.resolve("images")).pairs().get(0);
    String all = System.getProperty("java.class.path");
    String onnxOnly = Arrays.stream(all.split(File.pathSeparator))
        .filter(e -> NOT_ONNX.stream().noneMatch(n -> Path.of(e).getFileName().toString().startsWith(n)))
        .reduce((x, y) -> x + File.pathSeparator + y).orElseThrow();
    String loadBefore = Machine.load();
    List<Run> results = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      results.add(launch("onnx only", onnxOnly, home, pair));
      results.add(launch("all backends", all, home, pair));
    }
    StringBuilder s = new StringBuilder("## Cold start and resident memory\n\n");
    s.append(String.format(Locale.ROOT, "A new JVM (default options, %s) runs `DeepFace.verify` on two LFW photos with "
        + "the %d default models in the local cache (verified by SHA-256 on load), then `DeepFace.analyze` (age, "
        + "gender, emotion). %d rounds; load before %s, after %s.%n%n", System.getProperty("java.version"), cached,
        runs, loadBefore, Machine.load()));
    s.append("| classpath | launch to first verify result (min / median) | of which JVM start to main | main to result "
        + "| RSS after verify | RSS with all default models | heap after GC | peak RSS |\n|---|---|---|---|---|---|---|---|\n");
    for (String cp : List.of("onnx only", "all backends")) {
      List<Run> rs = results.stream().filter(r -> r.classpath().equals(cp)).toList();
      double[] wall = rs.stream().mapToDouble(Run::wallMs).sorted().toArray();
      Run med = rs.stream().sorted((x, y) -> Double.compare(x.wallMs(), y.wallMs())).toList().get(rs.size() / 2);
      s.append(String.format(Locale.ROOT, "| %s | %.2f s / %.2f s | %d ms | %d ms | %s | %s | %s | %s |%n", cp,
          wall[0] / 1000, wall[wall.length / 2] / 1000, med.jvmToMainMs(), med.mainToResultMs(),
          MemoryCheck.mb(med.rssVerify()), MemoryCheck.mb(med.rssAll()), MemoryCheck.mb(med.heap()),
          MemoryCheck.mb(med.peakRss())));
    }
    s.append('\n');
    Files.createDirectories(out);
    Files.writeString(out.resolve("coldstart.md"), s.toString());
    System.out.println(s);
  }

  /** Copies the default components' models from the configured repository into a fresh cache folder. */
  static int fillCache(Path cacheDir) throws IOException {
    Set<String> ids = new LinkedHashSet<>();
    ids.addAll(StandardComponents.find(ComponentKind.DETECTOR, FaceOptions.DEFAULT_DETECTOR).orElseThrow().models());
    ids.addAll(StandardComponents.find(ComponentKind.EMBEDDER, FaceOptions.DEFAULT_MODEL).orElseThrow().models());
    for (var action : AnalyzeOptions.DEFAULT_ACTIONS) {
      ids.addAll(StandardComponents.find(ComponentKind.ATTRIBUTE, AnalyzeOptions.DEFAULT_MODELS.get(action))
          .orElseThrow().models());
    }
    ModelRepository repo = Inputs.models();
    Files.createDirectories(cacheDir);
    for (String id : ids) {
      ModelInfo info = repo.info(id);
      Path file = repo.resolve(id);
      Files.copy(file, cacheDir.resolve(info.fileName()), StandardCopyOption.REPLACE_EXISTING);
      // A converted model is checked against its sources and used with the stamp that says what it was made from:
      // copy both, so that the child JVM loads it as an application with a warm cache does, without converting.
      if (info.conversion() != null) {
        for (String source : info.conversion().sources()) {
          Files.copy(repo.resolve(source), cacheDir.resolve(repo.info(source).fileName()),
              StandardCopyOption.REPLACE_EXISTING);
        }
        Path stamp = file.resolveSibling(file.getFileName() + ".converted.json");
        Files.copy(stamp, cacheDir.resolve(stamp.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return ids.size();
  }

  private static Run launch(String name, String classpath, Path home, LfwPairs.Pair pair)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Ddeepface.home=" + home, "-Ddeepface.offline=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath, FirstVerify.class.getName(),
        pair.first().toAbsolutePath().toString(), pair.second().toAbsolutePath().toString());
    pb.environment().remove("DEEPFACE_MODEL_PATH");
    pb.environment().remove("DEEPFACE_HOME");
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    long start = System.nanoTime();
    Process p = pb.start();
    double wall = Double.NaN;
    Map<String, Long> values = new LinkedHashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("FIRST_VERIFY")) {
          wall = (System.nanoTime() - start) / 1e6;
        }
        for (String kv : line.split(" ")) {
          String[] p2 = kv.split("=");
          if (p2.length == 2 && p2[1].matches("\\d+")) {
            values.put(p2[0], Long.parseLong(p2[1]));
          }
        }
      }
    }
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || Double.isNaN(wall)) {
      p.destroyForcibly();
      throw new IllegalStateException(name + ": the child JVM failed (exit " + (p.isAlive() ? "none" : p.exitValue()) + ")");
    }
    System.err.printf(Locale.ROOT, "cold start (%s): %.0f ms to the first verify result%n", name, wall);
    return new Run(name, wall, values.getOrDefault("jvm_to_main_ms", -1L), values.getOrDefault("main_to_result_ms", -1L),
        values.getOrDefault("rss_verify", -1L), values.getOrDefault("rss_all_defaults", -1L),
        values.getOrDefault("heap_after_gc", -1L), values.getOrDefault("peak_rss", -1L));
  }
}
