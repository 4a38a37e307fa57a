package io.deepface.spark;

import static org.apache.spark.sql.functions.col;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceIndex;
import io.deepface.find.FaceMatch;
import io.deepface.find.FaceRecord;
import io.deepface.find.Neighbor;
import io.deepface.verify.Calibration;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.ThresholdTable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Exact nearest-neighbour search over a whole embedding table ({@link RepresentJob}'s output) as one distributed job:
 * the queries are broadcast, every partition keeps its own top k per query (the library's {@link FaceIndex} over
 * chunks of the partition's rows, so distances are the library's to the last bit), and the partial results are
 * merged in a tree. The answer is what one {@link FaceIndex} holding the whole table would give, closest first, ties
 * by id ({@code <content_hash>#<face_index>}, {@link FaceRecord#idOf}; the same image stored under two paths counts
 * once).
 *
 * <p>Only rows made with these options (their {@link FaceDatabase#key options key}) are searched; matches are
 * DeepFace-shaped {@link FaceMatch}es: {@code name} is the image's path, with the distance, the calibrated threshold
 * and the confidence.
 *
 * <p>Memory per task: a chunk of {@value #DEFAULT_CHUNK_ROWS} rows ({@code 4 * dimension} bytes each) and
 * {@code k} hits per query. Immutable and thread-safe; each search is one Spark job.
 */
public final class EmbeddingSearch {
  /** Rows per {@link FaceIndex} chunk of a partition. */
  public static final int DEFAULT_CHUNK_ROWS = 32_768;

  private final Dataset<Row> table;
  private final SparkFaceOptions options;
  private final int chunkRows;

  private EmbeddingSearch(Dataset<Row> table, SparkFaceOptions options, int chunkRows) {
    this.table = Objects.requireNonNull(table, "table");
    this.options = Objects.requireNonNull(options, "options");
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunkRows must be positive, got " + chunkRows);
    }
    this.chunkRows = chunkRows;
  }

  /** A search over {@code embeddings}, a {@link RepresentJob} output, for embeddings made with {@code options}. */
  public static EmbeddingSearch over(Dataset<Row> embeddings, SparkFaceOptions options) {
    return new EmbeddingSearch(embeddings, options, DEFAULT_CHUNK_ROWS);
  }

  /** A search over the Parquet dataset {@link RepresentJob} wrote at {@code path}. */
  public static EmbeddingSearch over(SparkSession spark, String path, SparkFaceOptions options) {
    RepresentJob job = RepresentJob.create(spark, options);
    if (!job.exists(path)) {
      throw new SparkJobException("No embedding table at " + path);
    }
    return over(spark.read().schema(job.schema()).parquet(path), options);
  }

  /** This search with {@code rows} rows per in-memory chunk of a partition (less memory, more passes). */
  public EmbeddingSearch chunkRows(int rows) {
    return new EmbeddingSearch(table, options, rows);
  }

  /**
   * DeepFace's {@code search}: for each query embedding, the at most {@code k} stored faces within the threshold
   * (the options', or the calibrated one), closest first.
   *
   * @throws io.deepface.verify.ThresholdNotFoundException no calibrated threshold for these options and none given
   */
  public List<List<FaceMatch>> search(List<float[]> queries, int k) {
    return run(queries, k, true);
  }

  /** The exact {@code k} nearest stored faces of each query embedding, closest first, whatever their distance. */
  public List<List<FaceMatch>> topK(List<float[]> queries, int k) {
    return run(queries, k, false);
  }

  private List<List<FaceMatch>> run(List<float[]> queries, int k, boolean withinThreshold) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    FaceOptions face = options.faceOptions();
    FaceEngine engine = ExecutorEngines.get(options);
    int dimension = engine.dimension(face);
    String key = FaceDatabase.key(engine, face, dimension);
    ThresholdTable.Entry t = engine.calibration(face);
    float[][] q = new float[queries.size()][];
    for (int i = 0; i < q.length; i++) {
      q[i] = queries.get(i).clone();
      if (q[i].length != dimension) {
        throw new IllegalArgumentException("query " + i + " has " + q[i].length + " values; the embeddings of "
            + face.model() + " have " + dimension);
      }
    }
    if (q.length == 0) {
      return List.of();
    }
    SparkSession spark = table.sparkSession();
    Broadcast<float[][]> broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(q);
    try {
      spark.sparkContext().setJobDescription("deepface exact top-" + k + " of " + q.length + " queries");
      Dataset<Row> rows = table.filter(col(FaceRows.STATUS).equalTo(FaceRows.FACE)
              .and(col(FaceRows.OPTIONS_KEY).equalTo(key)))
          .select(FaceRows.PATH, FaceRows.CONTENT_HASH, FaceRows.FACE_INDEX, FaceRows.FACIAL_AREA,
              RepresentJob.EMBEDDING);
      double maxDistance = withinThreshold ? t.threshold() : Double.POSITIVE_INFINITY;
      TopHits merged = rows.javaRDD()
          .mapPartitions(new PartitionSearch(broadcast, k, maxDistance, face.metric(), dimension, chunkRows))
          .treeAggregate(new TopHits(q.length, k), TopHits::merge, TopHits::merge);
      List<List<FaceMatch>> out = new ArrayList<>(q.length);
      for (List<Hit> hits : merged.perQuery) {
        List<FaceMatch> matches = new ArrayList<>(hits.size());
        for (Hit h : hits) {
          matches.add(new FaceMatch(h.id(), h.path(), h.hash(), h.faceIndex(), FaceRows.area(h.area()), null,
              h.distance(), t.threshold(), Calibration.confidence(h.distance(), t.threshold(), t.scale()), Map.of()));
        }
        out.add(List.copyOf(matches));
      }
      return List.copyOf(out);
    } finally {
      broadcast.destroy();
    }
  }

  /** One stored face near a query. */
  record Hit(String id, double distance, String path, String hash, int faceIndex, Row area) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The best {@code k} hits per query seen so far; merging keeps the best {@code k} of both, ties by id. */
  static final class TopHits implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Comparator<Hit> ORDER = Comparator.comparingDouble(Hit::distance).thenComparing(Hit::id);
    final List<List<Hit>> perQuery;
    private final int k;

    TopHits(int queries, int k) {
      this.k = k;
      this.perQuery = new ArrayList<>(queries);
      for (int i = 0; i < queries; i++) {
        perQuery.add(new ArrayList<>());
      }
    }

    void offer(int query, List<Hit> hits) {
      perQuery.set(query, best(perQuery.get(query), hits));
    }

    TopHits merge(TopHits other) {
      for (int i = 0; i < perQuery.size(); i++) {
        offer(i, other.perQuery.get(i));
      }
      return this;
    }

    private List<Hit> best(List<Hit> a, List<Hit> b) {
      if (b.isEmpty()) {
        return a;
      }
      List<Hit> all = new ArrayList<>(a.size() + b.size());
      all.addAll(a);
      all.addAll(b);
      all.sort(ORDER);
      List<Hit> out = new ArrayList<>(Math.min(k, all.size()));
      Set<String> seen = new HashSet<>();
      for (Hit h : all) {
        if (out.size() == k) {
          break;
        }
        if (seen.add(h.id())) {
          out.add(h);
        }
      }
      return out;
    }
  }

  /** One partition: its rows into {@link FaceIndex} chunks, each searched for every query. */
  private static final class PartitionSearch implements FlatMapFunction<Iterator<Row>, TopHits> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<float[][]> queries;
    private final int k;
    private final double maxDistance;
    private final DistanceMetric metric;
    private final int dimension;
    private final int chunkRows;

    PartitionSearch(Broadcast<float[][]> queries, int k, double maxDistance, DistanceMetric metric, int dimension,
        int chunkRows) {
      this.queries = queries;
      this.k = k;
      this.maxDistance = maxDistance;
      this.metric = metric;
      this.dimension = dimension;
      this.chunkRows = chunkRows;
    }

    @Override
    public Iterator<TopHits> call(Iterator<Row> rows) {
      float[][] q = queries.value();
      TopHits top = new TopHits(q.length, k);
      FaceIndex index = new FaceIndex(dimension, metric);
      Map<String, Row> chunk = new HashMap<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        String id = FaceRecord.idOf(r.getString(1), r.getInt(2));
        index.add(id, FaceRows.floats(r, 4));
        chunk.put(id, r);
        if (index.size() >= chunkRows) {
          search(index, chunk, q, top);
        }
      }
      if (index.size() > 0) {
        search(index, chunk, q, top);
      }
      return List.of(top).iterator();
    }

    private void search(FaceIndex index, Map<String, Row> chunk, float[][] q, TopHits top) {
      for (int i = 0; i < q.length; i++) {
        List<Neighbor> near = index.search(q[i], k, maxDistance);
        List<Hit> hits = new ArrayList<>(near.size());
        for (Neighbor n : near) {
          Row r = chunk.get(n.id());
          hits.add(new Hit(n.id(), n.distance(), r.getString(0), r.getString(1), r.getInt(2), r.getStruct(3)));
        }
        top.offer(i, hits);
      }
      index.clear();
      chunk.clear();
    }
  }
}
