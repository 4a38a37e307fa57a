package io.deepface.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.FaceOptions;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.find.FaceMatch;
import io.deepface.find.FindException;
import io.deepface.find.StoreMismatchException;
import io.deepface.store.postgres.PostgresServer;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedding table into a real PostgreSQL face store, from the executors, then searched with the library. */
class StoreLoaderTest {
  private static PostgresServer server;
  private static SparkSession spark;
  private static Dataset<Row> table;

  @BeforeAll
  static void startPostgres() throws Exception {
    server = PostgresServer.start();
    spark = SparkFixture.spark();
    table = spark.read().parquet(SparkFixture.embeddings().toString());
  }

  @AfterAll
  static void stopPostgres() {
    server.close();
  }

  private static Map<String, String> store(String name) {
    return Map.of("url", server.url(), "table", name);
  }

  private static FaceDatabase open(String name) {
    return FaceDatabase.open(ExecutorEngines.get(SparkFaceOptions.defaults()), "postgres", store(name),
        FaceDatabaseOptions.defaults());
  }

  @Test
  void everyFaceIsLoadedOnceAndTheLibraryFindsIt() {
    List<Row> faces = table.filter(col("status").equalTo("face")).collectAsList();
    StoreLoader loader = StoreLoader.into("postgres", store("archive"), SparkFaceOptions.defaults())
        .naming(StoreLoader.Naming.FOLDER_NAME);
    StoreLoader.Loaded loaded = loader.load(table.repartition(3));
    assertThat(loaded.faces()).isEqualTo(faces.size());
    assertThat(loaded.images()).isEqualTo(SparkFixture.photos().size());
    // Loading again replaces, never duplicates.
    assertThat(loader.load(table)).isEqualTo(loaded);
    try (FaceDatabase db = open("archive")) {
      assertThat(db.count()).isEqualTo(faces.size());
      Row some = faces.get(faces.size() / 2);
      List<FaceMatch> found = db.search(FaceRows.floats(some, some.fieldIndex("embedding")), 1, OptionalDouble.empty());
      String path = some.getAs("path");
      String folder = path.substring(0, path.lastIndexOf('/'));
      assertThat(found).singleElement().satisfies(m -> {
        assertThat(m.name()).isEqualTo(folder.substring(folder.lastIndexOf('/') + 1));
        assertThat(m.imageHash()).isEqualTo(some.getAs("content_hash"));
        assertThat(m.metadata()).containsEntry("path", path);
        assertThat(m.distance()).isLessThan(1e-5);
      });
    }
  }

  @Test
  void aStoreOfOtherSettingsIsRefusedBeforeAnyTaskRuns() {
    SparkFaceOptions euclidean = SparkFaceOptions.of(FaceOptions.builder()
        .metric(io.deepface.verify.DistanceMetric.EUCLIDEAN_L2).build());
    StoreLoader.into("postgres", store("other"), euclidean).load(table.limit(0));
    assertThatThrownBy(() -> StoreLoader.into("postgres", store("other"), SparkFaceOptions.defaults()).load(table))
        .isInstanceOf(StoreMismatchException.class);
  }

  @Test
  void anUnknownStoreIsRefused() {
    assertThatThrownBy(() -> StoreLoader.into("no-such-store", Map.of(), SparkFaceOptions.defaults()).load(table))
        .isInstanceOf(FindException.class).hasMessageContaining("no-such-store");
  }
}
