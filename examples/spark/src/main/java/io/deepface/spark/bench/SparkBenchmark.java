package io.deepface.spark.bench;

import static org.apache.spark.sql.functions.col;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.RepresentedImage;
import io.deepface.image.ImageInput;
import io.deepface.spark.EmbeddingSearch;
import io.deepface.spark.FaceRows;
import io.deepface.spark.JobSummary;
import io.deepface.spark.RepresentJob;
import io.deepface.spark.SparkFaceOptions;
import io.deepface.verify.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Measures, on one machine:
 *
 * <ol>
 *   <li>represent: images/s of {@link RepresentJob} on {@code local[N]} against the plain library with N threads
 *       (each with one inference thread, as each Spark task has) on the same images, models loaded beforehand in
 *       both; Spark's figure is the whole job (listing, hashing, Parquet write, counting);
 *   <li>search: {@link EmbeddingSearch#topK} of Q queries over V stored embeddings, synthetic vectors made from the
 *       real embeddings of step 1 (each a real one plus Gaussian noise, so that neighbours are not all ties).
 * </ol>
 *
 * <pre>
 * java -cp 'target/deepface-spark-0.1.0-SNAPSHOT.jar:target/bench-lib/*' [Spark's --add-opens] \
 *     io.deepface.spark.bench.SparkBenchmark ../shared/datasets/lfw-dev/images 300 1000000 100 2
 * </pre>
 *
 * Arguments: the lfw-style image folder, images, stored vectors, queries, cores (local[N]). Models come from
 * {@code DEEPFACE_MODEL_PATH}.
 */
public final class SparkBenchmark {
  private SparkBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path source = Path.of(args.length > 0 ? args[0] : "../shared/datasets/lfw-dev/images");
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int vectors = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    int queries = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int cores = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    Path work = Files.createTempDirectory("deepface-spark-bench");
    Path input = copy(source, work.resolve("images"), images);
    List<Path> files;
    try (Stream<Path> s = Files.walk(input)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    SparkFaceOptions options = SparkFaceOptions.defaults();
    FaceOptions face = options.faceOptions();
    System.out.printf(Locale.ROOT, "images=%d vectors=%d queries=%d cores=%d load=%s%n", files.size(), vectors,
        queries, cores, Files.readString(Path.of("/proc/loadavg")).strip());

    // 1a. The plain library: N threads, one engine, batches of the same size as the job's.
    double plain;
    try (FaceEngine engine = FaceEngine.builder().intraOpThreads(1).build()) {
      engine.represent(inputs(files.subList(0, Math.min(8, files.size()))), face); // Loads the models.
      long t0 = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(cores);
      List<Future<Integer>> parts = new ArrayList<>();
      int per = (files.size() + cores - 1) / cores;
      for (int c = 0; c < cores; c++) {
        List<Path> mine = files.subList(Math.min(files.size(), c * per), Math.min(files.size(), (c + 1) * per));
        parts.add(pool.submit(() -> {
          int faces = 0;
          for (int i = 0; i < mine.size(); i += options.batchSize()) {
            for (RepresentedImage r : engine.represent(inputs(mine.subList(i, Math.min(mine.size(),
                i + options.batchSize()))), face)) {
              faces += r.faces().size();
            }
          }
          return faces;
        }));
      }
      int faces = 0;
      for (Future<Integer> f : parts) {
        faces += f.get();
      }
      pool.shutdown();
      double s = (System.nanoTime() - t0) / 1e9;
      plain = files.size() / s;
      System.out.printf(Locale.ROOT, "plain library, %d threads: %d images, %d faces in %.1f s = %.2f images/s%n",
          cores, files.size(), faces, s, plain);
    }

    SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("deepface-spark-bench")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", String.valueOf(cores))
        .getOrCreate();
    try {
      // 1b. The Spark job, after a warm-up run that loads the executor's models.
      RepresentJob job = RepresentJob.create(spark, options);
      Path warm = copy(source, work.resolve("warm"), 2 * cores);
      job.run(warm.toString(), work.resolve("warm-out").toString());
      String out = work.resolve("embeddings").toString();
      JobSummary run = job.run(input.toString(), out);
      double sparkRate = run.images() / (run.time().toNanos() / 1e9);
      System.out.println("spark local[" + cores + "]: " + run.describe());
      System.out.printf(Locale.ROOT, "represent: spark %.2f images/s, plain %.2f images/s, spark/plain = %.3f%n",
          sparkRate, plain, sparkRate / plain);

      // 2. A million synthetic embeddings around the real ones, then the distributed top-k.
      Dataset<Row> real = spark.read().parquet(out).filter(col(FaceRows.STATUS).equalTo(FaceRows.FACE));
      List<float[]> seeds = new ArrayList<>();
      Row template = null;
      for (Row r : real.collectAsList()) {
        seeds.add(FaceRows.floats(r, r.fieldIndex(RepresentJob.EMBEDDING)));
        template = r;
      }
      StructType schema = job.schema();
      String table = work.resolve("million").toString();
      long t0 = System.nanoTime();
      spark.range(0, vectors, 1, Math.max(cores * 4, vectors / 50_000)).toDF()
          .mapPartitions(new Synthetic(seeds, template), Encoders.row(schema))
          .write().mode(SaveMode.Overwrite).parquet(table);
      System.out.printf(Locale.ROOT, "wrote %d synthetic %d-d embeddings in %.1f s%n", vectors, seeds.get(0).length,
          (System.nanoTime() - t0) / 1e9);
      Random random = new Random(42);
      List<float[]> q = new ArrayList<>();
      for (int i = 0; i < queries; i++) {
        q.add(noisy(seeds.get(random.nextInt(seeds.size())), random, 0.02f));
      }
      EmbeddingSearch search = EmbeddingSearch.over(spark, table, options);
      for (int round = 1; round <= 2; round++) {
        long s0 = System.nanoTime();
        int found = search.topK(q, 10).stream().mapToInt(List::size).sum();
        System.out.printf(Locale.ROOT, "top-10 of %d queries over %d embeddings (round %d): %.1f s (%d matches)%n",
            queries, vectors, round, (System.nanoTime() - s0) / 1e9, found);
      }
    } finally {
      spark.stop();
    }
  }

  private static List<ImageInput> inputs(List<Path> files) {
    return files.stream().map(ImageInput::of).toList();
  }

  /** The first photo of the first {@code n} people of an lfw-style folder, copied (a fresh folder per call). */
  private static Path copy(Path source, Path to, int n) throws IOException {
    List<Path> people;
    try (Stream<Path> s = Files.list(source)) {
      people = s.filter(Files::isDirectory).sorted().limit(n).toList();
    }
    for (Path person : people) {
      try (Stream<Path> s = Files.list(person)) {
        Path first = s.sorted().findFirst().orElseThrow();
        Path dest = to.resolve(person.getFileName().toString()).resolve(first.getFileName().toString());
        Files.createDirectories(dest.getParent());
        Files.copy(first, dest);
      }
    }
    return to;
  }

  static float[] noisy(float[] v, Random random, float sigma) {
    float[] unit = Vectors.normalize(v);
    float[] out = new float[unit.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = unit[i] + sigma * (float) random.nextGaussian();
    }
    return out;
  }

  /** Rows of the represent schema whose embeddings are the seeds plus noise, one per id of the range. */
  private static final class Synthetic implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final List<float[]> seeds;
    private final Row template;

    Synthetic(List<float[]> seeds, Row template) {
      this.seeds = seeds;
      this.template = template;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> ids) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return ids.hasNext();
        }

        @Override
        public Row next() {
          long id = ids.next().getLong(0);
          Random random = new Random(id);
          float[] v = noisy(seeds.get((int) (id % seeds.size())), random, 0.02f);
          Object[] cells = new Object[template.length()];
          for (int i = 0; i < cells.length; i++) {
            cells[i] = template.get(i);
          }
          cells[template.fieldIndex(FaceRows.PATH)] = "synthetic/" + id + ".jpg";
          cells[template.fieldIndex(FaceRows.CONTENT_HASH)] = String.format(Locale.ROOT, "%064x", id);
          cells[template.fieldIndex(FaceRows.FACE_INDEX)] = 0;
          cells[template.fieldIndex(RepresentJob.EMBEDDING)] = v;
          return RowFactory.create(cells);
        }
      };
    }
  }
}
