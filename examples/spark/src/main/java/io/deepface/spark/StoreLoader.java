package io.deepface.spark;

import static org.apache.spark.sql.functions.col;

import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Loads an embedding table ({@link RepresentJob}'s output) into a face database store (PostgreSQL, Solr, or any
 * other {@link io.deepface.find.VectorStore} the classpath's {@code ServiceLoader} finds by name): every executor
 * opens the store once per partition through {@link FaceDatabase}, which checks that the store holds embeddings of
 * the same settings ({@link FaceDatabase#key}), and registers each image's faces in one transaction, without
 * embedding anything again. Ids are {@code <content_hash>#<face_index>}, so loading twice duplicates nothing.
 *
 * <p>Stores that live inside one process ({@code exact}, {@code hnsw}) cannot be shared by executors; load those
 * with the library on one machine. Immutable and thread-safe.
 */
public final class StoreLoader implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Which name each image's faces are registered under (DeepFace's {@code img_name}). */
  public enum Naming {
    /** The image's file name, as the library's {@code register} names a file (the default). */
    FILE_NAME,
    /** The name of the image's folder (an archive sorted into a folder per person). */
    FOLDER_NAME
  }

  /**
   * What a load stored.
   *
   * @param images images whose faces were registered
   * @param faces faces registered
   */
  public record Loaded(long images, long faces) implements Serializable {
    private static final long serialVersionUID = 1L;

    Loaded plus(Loaded o) {
      return new Loaded(images + o.images, faces + o.faces);
    }
  }

  private final String store;
  private final Map<String, String> properties;
  private final SparkFaceOptions options;
  private final Naming naming;

  private StoreLoader(String store, Map<String, String> properties, SparkFaceOptions options, Naming naming) {
    this.store = Objects.requireNonNull(store, "store");
    this.properties = new TreeMap<>(properties);
    this.options = Objects.requireNonNull(options, "options");
    this.naming = Objects.requireNonNull(naming, "naming");
  }

  /**
   * A loader into the store named {@code store} ({@code postgres}: properties {@code url}, {@code table};
   * {@code solr}: {@code url}, {@code collection}), for embeddings made with {@code options}.
   */
  public static StoreLoader into(String store, Map<String, String> properties, SparkFaceOptions options) {
    return new StoreLoader(store, properties, options, Naming.FILE_NAME);
  }

  /** This loader with faces named as {@code naming} says. */
  public StoreLoader naming(Naming naming) {
    return new StoreLoader(store, properties, options, naming);
  }

  /**
   * Registers every face of {@code embeddings} made with this loader's options (other rows are left out).
   *
   * @throws io.deepface.find.FindException no such store, or it failed (the job fails; what was stored stays stored,
   *     and loading again completes it)
   * @throws io.deepface.find.StoreMismatchException the store holds embeddings of other settings
   */
  public Loaded load(Dataset<Row> embeddings) {
    String key = RepresentJob.create(embeddings.sparkSession(), options)
        .optionsKey(ExecutorEngines.get(options));
    // Open once on the driver: a wrong store name, address or settings fails here, before any task runs.
    FaceDatabaseOptions db = FaceDatabaseOptions.builder().face(options.faceOptions()).build();
    FaceDatabase.open(ExecutorEngines.get(options), store, properties, db).close();
    embeddings.sparkSession().sparkContext().setJobDescription("deepface load into " + store);
    return embeddings.filter(col(FaceRows.STATUS).equalTo(FaceRows.FACE).and(col(FaceRows.OPTIONS_KEY).equalTo(key)))
        .select(FaceRows.PATH, FaceRows.CONTENT_HASH, FaceRows.FACE_INDEX, FaceRows.FACIAL_AREA,
            FaceRows.FACE_CONFIDENCE, RepresentJob.EMBEDDING)
        .repartition(col(FaceRows.CONTENT_HASH))
        .sortWithinPartitions(FaceRows.CONTENT_HASH, FaceRows.PATH, FaceRows.FACE_INDEX)
        .javaRDD()
        .mapPartitions(new PartitionLoad(this))
        .fold(new Loaded(0, 0), Loaded::plus);
  }

  /** One partition: its images, each with all its faces (rows come sorted by hash), into the store. */
  private static final class PartitionLoad implements FlatMapFunction<Iterator<Row>, Loaded> {
    private static final long serialVersionUID = 1L;
    private final StoreLoader loader;

    PartitionLoad(StoreLoader loader) {
      this.loader = loader;
    }

    @Override
    public Iterator<Loaded> call(Iterator<Row> rows) {
      if (!rows.hasNext()) {
        return List.of(new Loaded(0, 0)).iterator();
      }
      FaceOptions face = loader.options.faceOptions();
      FaceDatabaseOptions dbOptions = FaceDatabaseOptions.builder().face(face).build();
      long images = 0;
      long faces = 0;
      try (FaceDatabase db = FaceDatabase.open(ExecutorEngines.get(loader.options), loader.store, loader.properties,
          dbOptions)) {
        String hash = null;
        String path = null;
        List<Representation> reps = new ArrayList<>();
        while (true) {
          Row r = rows.hasNext() ? rows.next() : null;
          boolean sameImage = r != null && r.getString(1).equals(hash) && r.getString(0).equals(path);
          if (!sameImage && hash != null) {
            db.register(hash, loader.name(path), reps, Map.of("path", path));
            images++;
            faces += reps.size();
            reps = new ArrayList<>();
          }
          if (r == null) {
            break;
          }
          if (!sameImage) {
            hash = r.getString(1);
            path = r.getString(0);
          }
          reps.add(new Representation(FaceRows.floats(r, 5), FaceRows.area(r.getStruct(3)), r.getDouble(4)));
        }
      }
      return List.of(new Loaded(images, faces)).iterator();
    }

  }

  private String name(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    int slash = p.lastIndexOf('/');
    if (naming == Naming.FILE_NAME || slash <= 0) {
      return p.substring(slash + 1);
    }
    String folder = p.substring(0, slash);
    return folder.substring(folder.lastIndexOf('/') + 1);
  }
}
