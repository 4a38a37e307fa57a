package io.deepface.examples.cli;

import io.deepface.examples.json.Json;
import io.deepface.examples.json.ResultJson;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.VerifyResult;
import io.deepface.image.ImageInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true, description = {
    "Are two photos the same person? Prints one JSON object.",
    "With --pairs FILE (lines PATH1<TAB>PATH2), prints one JSON object per line in input order; a pair that",
    "fails gets an \"error\" and the others go on. Exit code 3 when any pair failed."})
final class VerifyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  Inputs inputs;

  static final class Inputs {
    @Parameters(arity = "2", paramLabel = "IMG", description = "the two images")
    List<Path> images;

    @Option(names = "--pairs", paramLabel = "FILE", description = "tab-separated pairs, one per line")
    Path pairs;
  }

  @Mixin
  FaceOptionsMixin face;

  @Mixin
  EngineOption engineOption;

  @Option(names = "--threads", description = "pairs verified at once with --pairs (default: number of cores)")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    FaceOptions options = face.toOptions();
    FaceEngine engine = engineOption.engine();
    PrintWriter out = spec.commandLine().getOut();
    if (inputs.pairs == null) {
      VerifyResult r = engine.verify(ImageInput.of(inputs.images.get(0)), ImageInput.of(inputs.images.get(1)), options);
      Json.print(out, ResultJson.verify(r));
      spec.commandLine().getErr().println(Summaries.verify(r));
      return 0;
    }
    return verifyPairs(engine, options, out);
  }

  private int verifyPairs(FaceEngine engine, FaceOptions options, PrintWriter out) throws InterruptedException {
    List<String> lines;
    try {
      lines = Files.readAllLines(inputs.pairs);
    } catch (NoSuchFileException e) {
      throw new BadInputException("pairs file " + inputs.pairs + ": no such file");
    } catch (IOException e) {
      throw new BadInputException("pairs file " + inputs.pairs + " cannot be read: " + e.getMessage());
    }
    // Fail fast on configuration errors (unknown model or detector, missing calibration) before the pairs.
    engine.embedder(options.model());
    engine.detector(options.detector());
    engine.calibration(options);
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, n));
    try {
      List<Future<Map<String, Object>>> results = new ArrayList<>();
      for (String line : lines) {
        if (line.isBlank()) {
          continue;
        }
        results.add(pool.submit(() -> verifyLine(engine, options, line)));
      }
      int failures = 0;
      int same = 0;
      for (Future<Map<String, Object>> f : results) {
        Map<String, Object> r;
        try {
          r = f.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
        failures += r.containsKey("error") ? 1 : 0;
        same += Boolean.TRUE.equals(r.get("verified")) ? 1 : 0;
        Json.print(out, r);
      }
      spec.commandLine().getErr().println(results.size() + " pairs: " + same + " same person, "
          + (results.size() - same - failures) + " different, " + failures + " failed");
      return failures > 0 ? DeepFaceCli.EXIT_BAD_INPUT : 0;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Map<String, Object> verifyLine(FaceEngine engine, FaceOptions options, String line) {
    String[] parts = line.split("\t");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("img1", parts[0].strip());
    m.put("img2", parts.length > 1 ? parts[1].strip() : null);
    if (parts.length != 2) {
      m.put("error", "expected two paths separated by a tab, got " + parts.length + " field(s)");
      return m;
    }
    try {
      m.putAll(ResultJson.verify(engine.verify(ImageInput.of(Path.of(parts[0].strip())),
          ImageInput.of(Path.of(parts[1].strip())), options)));
    } catch (RuntimeException e) {
      m.put("error", CliAdvice.inCliTerms(e.getMessage()));
    }
    return m;
  }
}
