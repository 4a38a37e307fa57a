package io.deepface.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.find.FaceIndex;
import io.deepface.find.FaceMatch;
import io.deepface.find.FaceRecord;
import io.deepface.find.Neighbor;
import io.deepface.image.ImageInput;
import io.deepface.verify.DistanceMetric;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The distributed exact top-k against the library's {@link FaceIndex} on the same vectors (real embeddings). */
class EmbeddingSearchTest {
  private static SparkSession spark;
  private static Dataset<Row> table;
  private static FaceIndex index;
  private static List<float[]> queries;

  @BeforeAll
  static void theTableAndOneIndexOfIt() {
    spark = SparkFixture.spark();
    // Three partitions, so that the per-partition answers are merged.
    table = spark.read().parquet(SparkFixture.embeddings().toString()).repartition(3);
    List<Row> faces = table.filter(col("status").equalTo("face")).collectAsList();
    index = new FaceIndex(faces.get(0).getList(faces.get(0).fieldIndex("embedding")).size(), DistanceMetric.COSINE);
    queries = new ArrayList<>();
    for (Row r : faces) {
      float[] v = FaceRows.floats(r, r.fieldIndex("embedding"));
      index.add(FaceRecord.idOf(r.getAs("content_hash"), r.<Integer>getAs("face_index")), v);
      if (queries.size() < 3) {
        queries.add(v);
      }
    }
    queries.add(otherPhotoOfAStoredPerson());
  }

  /** The embedding of a photo that is not in the table, of a person who is. */
  private static float[] otherPhotoOfAStoredPerson() {
    FaceEngine engine = ExecutorEngines.get(SparkFaceOptions.defaults());
    return engine.represent(ImageInput.of(SparkFixture.unseenPhoto()), FaceOptions.defaults()).get(0).embedding();
  }

  @Test
  void theTopKIsFaceIndexsAnswer() {
    // Chunks of 4 rows: every partition searches several indexes and merges them too.
    List<List<FaceMatch>> found = EmbeddingSearch.over(table, SparkFaceOptions.defaults()).chunkRows(4)
        .topK(queries, 5);
    assertThat(found).hasSize(queries.size());
    for (int i = 0; i < queries.size(); i++) {
      List<Neighbor> expected = index.search(queries.get(i), 5);
      assertThat(found.get(i)).hasSize(5);
      assertThat(found.get(i).stream().map(FaceMatch::id).toList()).as("query " + i)
          .isEqualTo(expected.stream().map(Neighbor::id).toList());
      for (int j = 0; j < 5; j++) {
        assertThat(found.get(i).get(j).distance()).isEqualTo(expected.get(j).distance());
      }
    }
    // A stored face finds itself first.
    assertThat(found.get(0).get(0).distance()).isLessThan(1e-6);
  }

  @Test
  void aSearchKeepsTheMatchesWithinTheThresholdDeepFaceShaped() {
    List<List<FaceMatch>> found = EmbeddingSearch.over(table, SparkFaceOptions.defaults()).search(queries, 10);
    List<FaceMatch> other = found.get(queries.size() - 1);
    String person = SparkFixture.photos().get(SparkFixture.photos().size() - 1).getParent().getFileName().toString();
    assertThat(other).isNotEmpty();
    FaceMatch best = other.get(0);
    assertThat(best.name()).contains("/" + person + "/");
    assertThat(best.distance()).isLessThanOrEqualTo(best.threshold());
    assertThat(best.confidence()).isGreaterThan(50);
    assertThat(best.target().w()).isPositive();
    double threshold = best.threshold();
    List<Neighbor> within = index.search(queries.get(queries.size() - 1), 10, threshold);
    assertThat(other.stream().map(FaceMatch::id).toList()).isEqualTo(within.stream().map(Neighbor::id).toList());
  }

  @Test
  void aQueryOfTheWrongLengthIsRefused() {
    assertThatThrownBy(() -> EmbeddingSearch.over(table, SparkFaceOptions.defaults()).topK(List.of(new float[3]), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 values");
  }
}
