package io.deepface.examples.cli;

import io.deepface.FaceOptions;
import io.deepface.draw.EmbeddingMapChart;
import io.deepface.examples.json.Json;
import io.deepface.map.EmbeddingMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "map", mixinStandardHelpOptions = true, description = {
    "Draw the faces of a folder as points in the plane, where one person's faces lie close together: the",
    "largest face of every photo, embedded and projected on the first two principal components (PCA).",
    "The person is the photo's subfolder, or its file name before the last _ (LFW's NAME_0001.jpg).",
    "Prints the coordinates as JSON, with how often a face's nearest neighbour is the same person on the map",
    "and in the full embedding space."})
final class MapCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "folder of photos (a subfolder per person, or NAME_N.jpg files)")
  Path folder;

  @Option(names = "--out", paramLabel = "map.png", required = true, description = "the PNG to write")
  Path out;

  @Option(names = "--method", defaultValue = "pca", description = "projection: pca (default). t-SNE and UMAP are"
      + " not offered: no maintained, permissively licensed Java implementation was found")
  String method;

  @Option(names = "--no-thumbnails", description = "draw dots instead of face thumbnails")
  boolean noThumbnails;

  @Mixin
  FaceOptionsMixin face;

  @Mixin
  EngineOption engineOption;

  @Option(names = "--threads", description = "photos embedded at once (default: number of cores)")
  Integer threads;

  @Override
  public Integer call() {
    if (!"pca".equals(method.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("--method " + method + " is not available; use pca (t-SNE and UMAP have no"
          + " maintained, permissively licensed Java implementation)");
    }
    if (!Files.isDirectory(folder)) {
      throw new BadInputException(folder + ": no such folder");
    }
    FaceOptions options = face.toOptions();
    Map<Path, String> skipped = new TreeMap<>();
    long start = System.nanoTime();
    EmbeddingMap map = EmbeddingMap.of(engineOption.engine(), folder, options,
        threads != null ? threads : Runtime.getRuntime().availableProcessors(), skipped);
    EmbeddingMapChart.write(out, map, "Faces of " + folder.getFileName() + " by " + options.model()
        + " (PCA)", !noThumbnails);
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("method", "pca");
    json.put("model", options.model());
    json.put("faces", map.points().size());
    json.put("identities", map.identities().size());
    json.put("explained_variance", List.of(map.explainedVariance()[0], map.explainedVariance()[1]));
    json.put("neighbour_agreement_2d", map.neighbourAgreement2d());
    json.put("neighbour_agreement_full", map.neighbourAgreementFull(options.metric()));
    Map<String, String> skippedJson = new LinkedHashMap<>();
    skipped.forEach((k, v) -> skippedJson.put(k.toString(), v));
    json.put("skipped", skippedJson);
    List<Map<String, Object>> points = new ArrayList<>();
    for (EmbeddingMap.Point p : map.points()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("identity", p.identity());
      m.put("img_path", p.image().toString());
      m.put("x", p.x());
      m.put("y", p.y());
      points.add(m);
    }
    json.put("points", points);
    Json.print(spec.commandLine().getOut(), json);
    spec.commandLine().getErr().printf(Locale.ROOT, "%d faces of %d people in %.1f s; nearest neighbour is the same"
        + " person for %.0f %% on the map, %.0f %% in the full space; wrote %s%n", map.points().size(),
        map.identities().size(), seconds, 100 * map.neighbourAgreement2d(),
        100 * map.neighbourAgreementFull(options.metric()), out);
    return 0;
  }
}
