package io.deepface.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.deepface.FaceEngine;
import io.deepface.FaceNotDetectedException;
import io.deepface.FaceOptions;
import io.deepface.FacialArea;
import io.deepface.image.ImageInput;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the image jobs share: read images with Spark's {@code binaryFile} source (any path Hadoop reads, folders
 * recursively), hash their bytes (SHA-256), leave out those the output already holds with the same options key,
 * run the library on the others with this executor's {@link FaceEngine} ({@code mapPartitions}, a batch of images at
 * a time), append the rows to the output Parquet dataset and count what the run wrote.
 *
 * <p>A bad image never fails the job: its row has status {@value FaceRows#ERROR} and the exception's message and
 * type. Nothing is half-written: Spark's file committer writes each task's files to a temporary folder and moves them
 * into the output only when the whole job commits, so a failed run adds no rows (and a rerun does its work).
 *
 * <p>A job object is immutable and may be shared by threads; each {@link #run} is one Spark job on the session.
 */
public abstract sealed class ImageJob permits RepresentJob, AnalyzeJob, ExtractFacesJob {
  private static final Logger LOG = LoggerFactory.getLogger(ImageJob.class);
  /** Done hashes up to this many are broadcast to the tasks, so that skipping needs no shuffle of image bytes. */
  static final long BROADCAST_HASHES = 2_000_000;

  final SparkSession spark;
  final SparkFaceOptions options;
  final String pathGlobFilter;

  ImageJob(SparkSession spark, SparkFaceOptions options, String pathGlobFilter) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.options = Objects.requireNonNull(options, "options");
    this.pathGlobFilter = pathGlobFilter;
  }

  /** The job's name in summaries and logs. */
  abstract String name();

  /** The job's own columns, between the shared ones and the error columns. */
  abstract List<StructField> valueColumns();

  /** The key of every setting that changes this job's results; rows of other keys are never taken as done. */
  abstract String optionsKey(FaceEngine engine);

  /** What runs on the executors. */
  abstract ImageProcessor processor();

  /** This job over the files whose names match {@code glob} only (Spark's {@code pathGlobFilter}, e.g. {@code *.jpg}). */
  public abstract ImageJob filesMatching(String glob);

  /**
   * The key of the face options that decide which faces are found and how they are cropped (not the embedder's), with
   * the backends that run them; the analyze and extract_faces jobs' keys start with it.
   */
  String detectionKey(FaceEngine engine) {
    FaceOptions face = options.faceOptions();
    return "detector=" + face.detector() + ";alignment=" + face.alignment() + ";expand=" + face.expandPercentage()
        + ";minConfidence=" + face.minConfidence() + ";maxFaces=" + face.maxFaces() + ";faceSize=" + face.faceSize()
        + ";minFaceSize=" + face.minFaceSize() + ";enforceDetection=" + face.enforceDetection() + ";antiSpoofing="
        + face.antiSpoofing() + ";" + engine.provenance(face);
  }

  /** The output schema. */
  public StructType schema() {
    return FaceRows.schema(valueColumns());
  }

  /** The options this job runs with. */
  public SparkFaceOptions options() {
    return options;
  }

  /**
   * Processes the images under {@code input} (a file, folder or glob of any file system Hadoop reads) not yet in
   * {@code output} with these options, and appends their rows to the Parquet dataset {@code output}.
   *
   * @throws SparkJobException nothing at {@code input}, or {@code output} is not a dataset of this job
   * @throws io.deepface.DeepFaceException the options name a model or detector that does not exist (checked on the
   *     driver, before any task starts)
   */
  public JobSummary run(String input, String output) {
    long start = System.nanoTime();
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    requireInput(input);
    requireOutsideInput(input, output);
    String key = optionsKey(ExecutorEngines.get(options));
    String runId = UUID.randomUUID().toString();
    StructType schema = schema();

    Dataset<Row> files = images(input);
    Dataset<Row> todo = files.select(col("path"), col("modificationTime"), col("length"), col("content"),
        sha2(col("content"), 256).as(FaceRows.CONTENT_HASH));
    if (exists(output)) {
      Dataset<Row> done = spark.read().schema(schema).parquet(output).filter(col(FaceRows.OPTIONS_KEY).equalTo(key))
          .select(col(FaceRows.CONTENT_HASH).as("done_hash")).distinct();
      long doneCount = done.count();
      if (doneCount > 0) {
        Dataset<Row> d = doneCount <= BROADCAST_HASHES ? functions.broadcast(done) : done;
        todo = todo.join(d, todo.col(FaceRows.CONTENT_HASH).equalTo(d.col("done_hash")), "left_anti");
      }
    }
    spark.sparkContext().setJobDescription("deepface " + name() + " " + input + " -> " + output);
    todo.mapPartitions(new Partition(processor(), options, key, runId, valueColumns().size()), Encoders.row(schema))
        .write().mode(SaveMode.Append).parquet(output);

    Row counts = spark.read().schema(schema).parquet(output).filter(col(FaceRows.RUN_ID).equalTo(runId))
        .agg(countDistinct(col(FaceRows.PATH)), count(when(col(FaceRows.STATUS).equalTo(FaceRows.FACE), lit(1))),
            count(when(col(FaceRows.STATUS).equalTo(FaceRows.NO_FACE), lit(1))),
            count(when(col(FaceRows.STATUS).equalTo(FaceRows.ERROR), lit(1))))
        .first();
    long inputs = files.select("path").count(); // Lists the files; their bytes are not read.
    long images = counts.getLong(0);
    JobSummary summary = new JobSummary(name(), runId, output, images, counts.getLong(1), counts.getLong(2),
        counts.getLong(3), Math.max(0, inputs - images), Duration.ofNanos(System.nanoTime() - start));
    LOG.info("{}", summary.describe());
    return summary;
  }

  /** The images under {@code input}, as Spark's {@code binaryFile} source reads them. */
  Dataset<Row> images(String input) {
    var reader = spark.read().format("binaryFile").option("recursiveFileLookup", "true");
    if (pathGlobFilter != null) {
      reader = reader.option("pathGlobFilter", pathGlobFilter);
    }
    return reader.load(input);
  }

  private void requireInput(String input) {
    try {
      Path p = new Path(input);
      FileStatus[] found = p.getFileSystem(hadoopConf()).globStatus(p);
      if (found == null || found.length == 0) {
        throw new SparkJobException("No images at " + input + ": the path does not exist or matches nothing");
      }
    } catch (IOException e) {
      throw new SparkJobException("Cannot list the input " + input + ": " + e.getMessage(), e);
    }
  }

  /** Refuses an output inside the input folder: the next run would read its Parquet files as images. */
  private void requireOutsideInput(String input, String output) {
    try {
      Path in = new Path(input);
      Path out = new Path(output);
      String i = in.getFileSystem(hadoopConf()).makeQualified(in).toString();
      String o = out.getFileSystem(hadoopConf()).makeQualified(out).toString();
      if (o.equals(i) || o.startsWith(i.endsWith("/") ? i : i + "/")) {
        throw new SparkJobException("The output " + output + " lies inside the input " + input
            + ": its Parquet files would be read as images; write it elsewhere");
      }
    } catch (IOException e) {
      throw new SparkJobException("Cannot resolve " + input + " or " + output + ": " + e.getMessage(), e);
    }
  }

  boolean exists(String output) {
    try {
      Path p = new Path(output);
      FileSystem fs = p.getFileSystem(hadoopConf());
      if (!fs.exists(p)) {
        return false;
      }
      if (!fs.getFileStatus(p).isDirectory()) {
        throw new SparkJobException("The output " + output + " is a file, not a Parquet dataset folder");
      }
      return true;
    } catch (IOException e) {
      throw new SparkJobException("Cannot read the output " + output + ": " + e.getMessage(), e);
    }
  }

  private Configuration hadoopConf() {
    return spark.sparkContext().hadoopConfiguration();
  }

  /** One face a processor found: where, how sure, and the job's values for it (in {@link #valueColumns} order). */
  record FaceValues(FacialArea area, double confidence, Object[] values) {}

  /** What a processor made of one image: its faces, or the error that stopped it. */
  record Outcome(List<FaceValues> faces, Throwable error) {
    static Outcome failed(Throwable error) {
      return new Outcome(List.of(), error);
    }
  }

  /** The library call a job makes on the executors, for a batch of images. */
  interface ImageProcessor extends Serializable {
    /**
     * One outcome per image, in order. An image's own failure is its outcome; an exception thrown here fails the
     * batch, whose images are then retried one at a time.
     */
    List<Outcome> process(FaceEngine engine, FaceOptions face, List<ImageInput> images);
  }

  /** The executor side: a batch of images at a time, through this JVM's engine, into rows. */
  private static final class Partition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final ImageProcessor processor;
    private final SparkFaceOptions options;
    private final String key;
    private final String runId;
    private final int valueCount;

    Partition(ImageProcessor processor, SparkFaceOptions options, String key, String runId, int valueCount) {
      this.valueCount = valueCount;
      this.processor = processor;
      this.options = options;
      this.key = key;
      this.runId = runId;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      FaceEngine engine = ExecutorEngines.get(options);
      FaceOptions face = options.faceOptions();
      int batch = options.batchSize();
      return new Iterator<>() {
        private Iterator<Row> current = List.<Row>of().iterator();

        @Override
        public boolean hasNext() {
          while (!current.hasNext() && input.hasNext()) {
            List<Row> images = new ArrayList<>(batch);
            while (images.size() < batch && input.hasNext()) {
              images.add(input.next());
            }
            current = rows(engine, face, images).iterator();
          }
          return current.hasNext();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return current.next();
        }
      };
    }

    private List<Row> rows(FaceEngine engine, FaceOptions face, List<Row> images) {
      List<ImageInput> inputs = new ArrayList<>(images.size());
      for (Row r : images) {
        inputs.add(ImageInput.of((byte[]) r.getAs("content"), r.<String>getAs("path")));
      }
      List<Outcome> outcomes;
      try {
        outcomes = processor.process(engine, face, inputs);
      } catch (RuntimeException | LinkageError batchFailure) {
        outcomes = new ArrayList<>(inputs.size());
        for (ImageInput in : inputs) {
          try {
            outcomes.add(processor.process(engine, face, List.of(in)).get(0));
          } catch (RuntimeException | LinkageError e) {
            outcomes.add(Outcome.failed(e));
          }
        }
      }
      List<Row> out = new ArrayList<>();
      for (int i = 0; i < images.size(); i++) {
        Row img = images.get(i);
        Outcome o = outcomes.get(i);
        Object[] shared = {img.getAs("path"), img.getAs("modificationTime"), img.getAs("length"),
            img.getAs(FaceRows.CONTENT_HASH), runId, key};
        if (o.error() != null || o.faces().isEmpty()) {
          boolean noFace = o.error() == null || o.error() instanceof FaceNotDetectedException;
          out.add(row(shared, noFace ? FaceRows.NO_FACE : FaceRows.ERROR, null, null, null, null,
              noFace ? null : message(o.error()), noFace ? null : o.error().getClass().getName()));
          continue;
        }
        for (int f = 0; f < o.faces().size(); f++) {
          FaceValues v = o.faces().get(f);
          out.add(row(shared, FaceRows.FACE, f, FaceRows.area(v.area()), v.confidence(), v.values(), null, null));
        }
      }
      return out;
    }

    private Row row(Object[] shared, String status, Integer faceIndex, Row area, Double confidence, Object[] values,
        String error, String errorType) {
      int n = valueCount;
      Object[] cells = new Object[shared.length + 4 + n + 2];
      System.arraycopy(shared, 0, cells, 0, shared.length);
      int c = shared.length;
      cells[c++] = status;
      cells[c++] = faceIndex;
      cells[c++] = area;
      cells[c++] = confidence;
      if (values != null) {
        System.arraycopy(values, 0, cells, c, values.length);
      }
      c += n;
      cells[c++] = error;
      cells[c] = errorType;
      return RowFactory.create(cells);
    }

  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
