package io.deepface.examples.cli;

import io.deepface.DeepFace;
import io.deepface.FaceOptions;
import io.deepface.align.AlignmentMode;
import io.deepface.examples.json.Json;
import io.deepface.examples.json.ResultJson;
import io.deepface.find.FindException;
import io.deepface.find.FindMatch;
import io.deepface.find.FindOptions;
import io.deepface.find.IndexListener;
import io.deepface.find.IndexProgress;
import io.deepface.find.VectorStores;
import io.deepface.image.ImageInput;
import io.deepface.verify.DistanceMetric;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "find", description = {
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

  @Option(names = "--no-refresh", description = "use the cached embeddings as they are, without checking the folder")
  boolean noRefresh;

  @Option(names = "--store", description = "auto, exact, hnsw or another vector store (default: ${DEFAULT-VALUE})")
  String store = FindOptions.AUTO;

  @Option(names = "--no-progress", description = "no progress bar on stderr")
  boolean noProgress;

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
    ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
    if (!noProgress) {
      b.listener(bar);
    }
    List<List<FindMatch>> result = DeepFace.engine().find(ImageInput.parse(image), gallery, b.build());
    Json.print(spec.commandLine().getOut(), result.stream().map(face -> face.stream().map(ResultJson::findMatch).toList()).toList());
    return 0;
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
