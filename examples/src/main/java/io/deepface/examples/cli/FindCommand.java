package io.deepface.examples.cli;

import io.deepface.FaceOptions;
import io.deepface.align.AlignmentMode;
import io.deepface.examples.json.Json;
import io.deepface.examples.json.ResultJson;
import io.deepface.find.FindException;
import io.deepface.find.FindMatch;
import io.deepface.find.FindOptions;
import io.deepface.verify.ThresholdProfile;
import io.deepface.find.Gallery;
import io.deepface.find.IndexListener;
import io.deepface.find.IndexProgress;
import io.deepface.find.SyncReport;
import io.deepface.find.VectorStores;
import io.deepface.image.ImageInput;
import io.deepface.verify.DistanceMetric;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import picocli.CommandLine;

@Command(name = "find", mixinStandardHelpOptions = true, description = {
    "Search a folder of face photos for the faces of an image, as DeepFace's find.",
    "Prints a JSON array with one array per face of IMG: the gallery faces within the threshold, closest first, "
        + "each {identity, distance, threshold, confidence}. The folder's embeddings are cached in it "
        + "(deepface_find_*.dfc) and brought up to date on every call; a progress bar shows on stderr while "
        + "images are indexed."})
final class FindCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMG", description = "the query image: a file or a data: URI")
  String image;

  @Parameters(index = "1", paramLabel = "GALLERY_DIR", description = "folder of photos (searched recursively)")
  Path gallery;

  @Option(names = "--top", paramLabel = "K", description = "at most K matches per face (default: all within the threshold)")
  int top;

  @Option(names = {"-m", "--model"}, description = "embedder (default: ${DEFAULT-VALUE})")
  String model = FaceOptions.DEFAULT_MODEL;

  @Option(names = {"-d", "--detector"}, description = "detector (default: ${DEFAULT-VALUE})")
  String detector = FaceOptions.DEFAULT_DETECTOR;

  @Option(names = "--metric", description = "cosine, euclidean, euclidean_l2 or angular (default: ${DEFAULT-VALUE})")
  String metric = "cosine";

  @Option(names = "--alignment", description = "landmarks, eyes or none (default: ${DEFAULT-VALUE})")
  String alignment = "landmarks";

  @Option(names = "--threshold", description = "distance threshold (default: the calibrated one)")
  Double threshold;

  @Option(names = "--threshold-profile", paramLabel = "FILE",
      description = "thresholds calibrated on your own faces (written by `calibrate --out`)")
  Path thresholdProfile;

  @Option(names = "--no-refresh", description = "use the cached embeddings as they are, without checking the folder")
  boolean noRefresh;

  @Option(names = "--store", description = "auto, exact, hnsw or another vector store (default: ${DEFAULT-VALUE})")
  String store = FindOptions.AUTO;

  @Option(names = "--no-progress", description = "no progress bar on stderr")
  boolean noProgress;

  @Option(names = "--sync-report", paramLabel = "FILE",
      description = "write what the folder sync found (every image without a face, every unreadable one) as JSON")
  Path syncReport;

  @Mixin
  EngineOption engine;

  /** Unreadable images named on stderr; the rest are counted, and all are in --sync-report. */
  static final int LISTED = 10;

  @Override
  public Integer call() {
    FindOptions.Builder b = FindOptions.builder().model(model).detector(detector).topK(top).refresh(!noRefresh)
        .store(store);
    try {
      b.metric(DistanceMetric.parse(metric));
      b.alignment(AlignmentMode.valueOf(alignment.strip().toUpperCase(Locale.ROOT)));
      if (threshold != null) {
        b.threshold(threshold);
      }
      if (thresholdProfile != null) {
        b.thresholdProfile(ThresholdProfile.load(thresholdProfile));
      }
      if (top < 0) {
        throw new IllegalArgumentException("--top must be positive");
      }
      if (!store.equals(FindOptions.AUTO)) {
        VectorStores.provider(store);
      }
    } catch (IllegalArgumentException | FindException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (!image.regionMatches(true, 0, "data:", 0, 5) && !Files.isRegularFile(Path.of(image))) {
      throw new BadInputException("no such image file: " + image);
    }
    if (!Files.isDirectory(gallery)) {
      throw new BadInputException("no such gallery folder: " + gallery);
    }
    PrintWriter err = spec.commandLine().getErr();
    if (!noProgress) {
      b.listener(new ProgressBar(err));
    }
    FindOptions options = b.build();
    engine.engine().calibration(options.face()); // A missing threshold fails before the folder is indexed.
    List<List<FindMatch>> result;
    // The folder is synced here rather than inside find, so that what the sync found can be reported.
    try (Gallery g = Gallery.open(engine.engine(), gallery, options.toBuilder().refresh(false).build())) {
      if (options.refresh()) {
        report(g.sync(), err);
      }
      result = g.find(ImageInput.parse(image));
    }
    Json.print(spec.commandLine().getOut(),
        result.stream().map(face -> face.stream().map(ResultJson::findMatch).toList()).toList());
    err.println(Summaries.find(result));
    return 0;
  }

  /** Names the images that could not be read (the first few), counts those without a face, writes --sync-report. */
  private void report(SyncReport r, PrintWriter err) {
    if (!r.failed().isEmpty()) {
      err.println(r.failed().size() + " gallery " + (r.failed().size() == 1 ? "image" : "images")
          + " could not be read and " + (r.failed().size() == 1 ? "is" : "are") + " left out:");
      r.failed().entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(LISTED)
          .forEach(e -> err.println("  " + e.getKey() + ": " + e.getValue()));
      if (r.failed().size() > LISTED) {
        err.println("  ... and " + (r.failed().size() - LISTED) + " more ("
            + (syncReport != null ? "all in " + syncReport : "all listed with --sync-report FILE") + ")");
      }
    }
    if (!r.noFace().isEmpty()) {
      err.println(r.noFace().size() + " gallery " + (r.noFace().size() == 1 ? "image has" : "images have")
          + " no face" + (syncReport != null ? " (listed in " + syncReport + ")"
              : " (listed with --sync-report FILE)"));
    }
    if (syncReport != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("images", r.images());
      m.put("faces", r.faces());
      m.put("added", r.added());
      m.put("modified", r.modified());
      m.put("removed", r.removed());
      m.put("no_face", r.noFace());
      m.put("unreadable", new TreeMap<>(r.failed()));
      m.put("cache_rebuilt", r.cacheRebuilt());
      m.put("problem", r.problem());
      m.put("store", r.store());
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(syncReport, StandardCharsets.UTF_8))) {
        Json.print(w, m);
      } catch (IOException e) {
        throw new BadInputException("cannot write " + syncReport + ": " + e.getMessage());
      }
    }
  }

  /** A one-line progress bar, redrawn in place on stderr. */
  static final class ProgressBar implements IndexListener {
    private static final int WIDTH = 30;
    private final PrintWriter err;

    ProgressBar(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void onProgress(IndexProgress p) {
      int filled = p.total() == 0 ? WIDTH : (int) ((long) WIDTH * p.done() / p.total());
      err.printf(Locale.ROOT, "\rindexing [%s%s] %d/%d images, %d faces, %d without a face, %d unreadable, %.1f s",
          "#".repeat(filled), "-".repeat(WIDTH - filled), p.done(), p.total(), p.faces(), p.noFace(), p.failed(),
          p.elapsed().toMillis() / 1000.0);
      if (p.finished()) {
        err.println();
      }
      err.flush();
    }
  }
}
