package io.deepface.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepface.AnalyzeOptions;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.align.AlignmentMode;
import io.deepface.find.FaceMatch;
import io.deepface.image.ImageInput;
import io.deepface.verify.DistanceMetric;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The {@code spark-submit} entry point of the job jar:
 *
 * <pre>
 * spark-submit --class io.deepface.spark.DeepFaceSparkMain deepface-spark-job.jar represent \
 *     --input hdfs:///photos --output hdfs:///faces/embeddings [--model fusion] [--model-path /opt/deepface/models]
 * </pre>
 *
 * Commands: {@code represent}, {@code analyze}, {@code extract-faces} (images to Parquet, incremental), {@code search}
 * (query images against the embedding table, exact top-k, JSON lines out) and {@code load} (the embedding table into
 * a face database store). Each job prints its summary; the exit code is 0 on success, 1 when the job failed, 2 for
 * bad arguments.
 */
@Command(name = "deepface-spark", mixinStandardHelpOptions = true,
    description = "DeepFace jobs on Apache Spark: represent, analyze, extract-faces, search, load.",
    subcommands = {DeepFaceSparkMain.Represent.class, DeepFaceSparkMain.Analyze.class,
        DeepFaceSparkMain.ExtractFaces.class, DeepFaceSparkMain.Search.class, DeepFaceSparkMain.Load.class})
public final class DeepFaceSparkMain {
  private SparkSession spark;
  private PrintWriter out;

  /** Runs a command on the session {@code spark-submit} configured (master, executors); exits with its code. */
  public static void main(String[] args) {
    int code;
    SparkSession spark = SparkSession.builder().appName("deepface-spark").getOrCreate();
    try {
      code = run(spark, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    } finally {
      spark.stop();
    }
    System.exit(code);
  }

  /** Runs a command on {@code spark}, printing results to {@code out} and errors to {@code err}; returns the exit code. */
  public static int run(SparkSession spark, PrintWriter out, PrintWriter err, String... args) {
    DeepFaceSparkMain main = new DeepFaceSparkMain();
    main.spark = spark;
    main.out = out;
    CommandLine cli = new CommandLine(main);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("deepface-spark " + cmd.getCommandName() + " failed: " + e.getMessage());
      return e instanceof IllegalArgumentException ? 2 : 1;
    });
    return cli.execute(args);
  }

  /** The face and engine options every command takes. */
  static final class Settings {
    @Option(names = "--model", defaultValue = FaceOptions.DEFAULT_MODEL, description = "embedder (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--detector", defaultValue = FaceOptions.DEFAULT_DETECTOR,
        description = "detector (default: ${DEFAULT-VALUE})")
    String detector;

    @Option(names = "--metric", defaultValue = "cosine", description = "cosine, euclidean, euclidean_l2 or angular")
    String metric;

    @Option(names = "--alignment", defaultValue = "landmarks", description = "landmarks, eyes or none")
    String alignment;

    @Option(names = "--enforce-detection", arity = "1", defaultValue = "true", paramLabel = "true|false",
        description = "an image without a face is a no_face row (true) or the whole image is the face (false)")
    boolean enforceDetection;

    @Option(names = "--max-faces", paramLabel = "N", description = "at most N faces per image, the largest")
    Integer maxFaces;

    @Option(names = "--threshold", description = "search threshold (default: the calibrated one)")
    Double threshold;

    @Option(names = "--model-path", split = ",", paramLabel = "DIR",
        description = "model folders on every node (default: DEEPFACE_MODEL_PATH of the executors)")
    List<String> modelPath = new ArrayList<>();

    @Option(names = "--threads", defaultValue = "0",
        description = "inference threads per task (default: 0, spark.task.cpus)")
    int threads;

    @Option(names = "--batch-size", defaultValue = "8", description = "images per model call (default: ${DEFAULT-VALUE})")
    int batchSize;

    SparkFaceOptions options() {
      FaceOptions.Builder b = FaceOptions.builder().model(model).detector(detector).metric(DistanceMetric.parse(metric))
          .alignment(AlignmentMode.valueOf(alignment.toUpperCase(Locale.ROOT))).enforceDetection(enforceDetection);
      if (maxFaces != null) {
        b.maxFaces(maxFaces);
      }
      if (threshold != null) {
        b.threshold(threshold);
      }
      return SparkFaceOptions.of(b.build()).withModelPath(modelPath).withThreads(threads).withBatchSize(batchSize);
    }
  }

  /** Input and output of the image jobs. */
  static final class Paths {
    @Option(names = "--input", required = true, description = "images: a file, folder (recursive) or glob, any Hadoop path")
    String input;

    @Option(names = "--output", required = true, description = "the Parquet dataset to append to")
    String output;

    @Option(names = "--files-matching", paramLabel = "GLOB", description = "only files whose names match, e.g. *.jpg")
    String glob;
  }

  @Command(name = "represent", description = "Embeddings of every face, one row per face, into Parquet.")
  static final class Represent implements Callable<Integer> {
    @ParentCommand DeepFaceSparkMain main;
    @Mixin Settings settings;
    @Mixin Paths paths;

    @Override
    public Integer call() {
      return main.run(RepresentJob.create(main.spark, settings.options()), paths);
    }
  }

  @Command(name = "analyze", description = "Age, gender, emotion... of every face, one row per face, into Parquet.")
  static final class Analyze implements Callable<Integer> {
    @ParentCommand DeepFaceSparkMain main;
    @Mixin Settings settings;
    @Mixin Paths paths;

    @Option(names = "--actions", defaultValue = "age,gender,emotion",
        description = "age, gender, emotion, race, pose, landmarks, eyes, spoof (default: ${DEFAULT-VALUE})")
    String actions;

    @Override
    public Integer call() {
      return main.run(AnalyzeJob.create(main.spark, settings.options(),
          AnalyzeOptions.of(AnalyzeOptions.parseActions(actions))), paths);
    }
  }

  @Command(name = "extract-faces", description = "Aligned face crops (PNG) of every face, one row per face, into Parquet.")
  static final class ExtractFaces implements Callable<Integer> {
    @ParentCommand DeepFaceSparkMain main;
    @Mixin Settings settings;
    @Mixin Paths paths;

    @Override
    public Integer call() {
      return main.run(ExtractFacesJob.create(main.spark, settings.options()), paths);
    }
  }

  @Command(name = "search", description = "Faces of query images (files on the driver) against the embedding table: "
      + "exact top-k as a distributed job; one JSON line per query face, DeepFace's search keys.")
  static final class Search implements Callable<Integer> {
    @ParentCommand DeepFaceSparkMain main;
    @Mixin Settings settings;

    @Option(names = "--embeddings", required = true, description = "the represent job's output")
    String embeddings;

    @Option(names = "--query", required = true, split = ",", description = "query images on the driver")
    List<Path> queries;

    @Option(names = "-k", defaultValue = "10", description = "matches per query face (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--any-distance", description = "the k nearest whatever their distance (default: within the threshold)")
    boolean anyDistance;

    @Override
    public Integer call() throws Exception {
      SparkFaceOptions options = settings.options();
      List<float[]> vectors = new ArrayList<>();
      List<String> sources = new ArrayList<>();
      for (Path q : queries) {
        for (Representation r : ExecutorEngines.get(options).represent(ImageInput.of(q), options.faceOptions())) {
          vectors.add(r.embedding());
          sources.add(q.toString());
        }
      }
      EmbeddingSearch search = EmbeddingSearch.over(main.spark, embeddings, options);
      List<List<FaceMatch>> found = anyDistance ? search.topK(vectors, k) : search.search(vectors, k);
      ObjectMapper json = new ObjectMapper();
      for (int i = 0; i < found.size(); i++) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("query", sources.get(i));
        line.put("matches", found.get(i).stream().map(DeepFaceSparkMain::match).toList());
        main.out.println(json.writeValueAsString(line));
      }
      return 0;
    }
  }

  @Command(name = "load", description = "The embedding table into a face database store (postgres, solr...).")
  static final class Load implements Callable<Integer> {
    @ParentCommand DeepFaceSparkMain main;
    @Mixin Settings settings;

    @Option(names = "--embeddings", required = true, description = "the represent job's output")
    String embeddings;

    @Option(names = "--store", required = true, description = "the store's name: postgres, solr...")
    String store;

    @Option(names = "--property", paramLabel = "KEY=VALUE", description = "store properties: url, table, collection...")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--name-by", defaultValue = "FILE_NAME", description = "FILE_NAME or FOLDER_NAME")
    StoreLoader.Naming naming;

    @Override
    public Integer call() {
      SparkFaceOptions options = settings.options();
      StoreLoader.Loaded loaded = StoreLoader.into(store, properties, options).naming(naming)
          .load(main.spark.read().schema(RepresentJob.create(main.spark, options).schema()).parquet(embeddings));
      main.out.println("load into " + store + ": " + loaded.images() + " images, " + loaded.faces() + " faces");
      return 0;
    }
  }

  /** Runs {@code job} on the paths' files and prints its summary. */
  private int run(ImageJob job, Paths paths) {
    JobSummary summary = (paths.glob == null ? job : job.filesMatching(paths.glob)).run(paths.input, paths.output);
    out.println(summary.describe());
    return 0;
  }

  /** A match with DeepFace's {@code search} keys. */
  static Map<String, Object> match(FaceMatch f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("img_name", f.name());
    m.put("id", f.id());
    m.put("hash", f.imageHash());
    m.put("distance", f.distance());
    m.put("threshold", f.threshold());
    m.put("confidence", Math.round(f.confidence() * 100) / 100.0);
    m.put("target_x", f.target().x());
    m.put("target_y", f.target().y());
    m.put("target_w", f.target().w());
    m.put("target_h", f.target().h());
    return m;
  }
}
