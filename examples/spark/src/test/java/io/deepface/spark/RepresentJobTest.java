package io.deepface.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.apache.spark.sql.functions.col;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.image.ImageInput;
import io.deepface.image.InvalidImageException;
import io.deepface.verify.DistanceMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The represent job on {@code local[2]} with real models on lfw-dev photos: the same embeddings as the library in one
 * JVM, a bad image as an error row, incremental reruns.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RepresentJobTest {
  private static SparkSession spark;
  private static FaceEngine plain;
  private static Path mixed;
  private static Path mixedOut;
  private static JobSummary mixedRun;

  @BeforeAll
  static void photosWithTwoBrokenFiles() throws IOException {
    spark = SparkFixture.spark();
    plain = FaceEngine.builder().intraOpThreads(2).build();
    mixed = SparkFixture.root().resolve("mixed");
    Files.createDirectories(mixed);
    List<Path> photos = SparkFixture.photos();
    for (Path p : photos.subList(0, 3)) {
      Files.copy(p, mixed.resolve(p.getFileName()));
    }
    byte[] jpeg = Files.readAllBytes(photos.get(0));
    byte[] noise = new byte[5000];
    new Random(7).nextBytes(noise);
    Files.write(mixed.resolve("corrupt.jpg"), noise);
    Files.write(mixed.resolve("truncated.jpg"), java.util.Arrays.copyOf(jpeg, 300));
    mixedOut = SparkFixture.root().resolve("mixed-embeddings");
    mixedRun = RepresentJob.create(spark, SparkFaceOptions.defaults()).run(mixed.toString(), mixedOut.toString());
  }

  @AfterAll
  static void closeEngine() {
    plain.close();
  }

  private static List<Row> rows(Path output) {
    return spark.read().parquet(output.toString()).orderBy("path", "face_index").collectAsList();
  }

  @Test
  @Order(1)
  void theEmbeddingsAreTheLibrarysForTheSameImages() {
    List<Row> rows = rows(SparkFixture.embeddings());
    int compared = 0;
    for (Path photo : SparkFixture.photos()) {
      List<Representation> expected = plain.represent(ImageInput.of(photo), FaceOptions.defaults());
      List<Row> mine = rows.stream().filter(r -> r.<String>getAs("path").endsWith("/" + photo.getFileName())).toList();
      assertThat(mine).as(photo.toString()).hasSize(expected.size());
      for (Row r : mine) {
        assertThat(r.<String>getAs("status")).isEqualTo(FaceRows.FACE);
        Representation e = expected.get(r.<Integer>getAs("face_index"));
        float[] embedding = FaceRows.floats(r, r.fieldIndex("embedding"));
        assertThat(cosine(embedding, e.embedding())).as(photo.toString()).isGreaterThanOrEqualTo(0.99999);
        assertThat(FaceRows.area(r.getStruct(r.fieldIndex("facial_area")))).isEqualTo(e.facialArea());
        assertThat(r.<Double>getAs("face_confidence")).isCloseTo(e.faceConfidence(),
            org.assertj.core.data.Offset.offset(1e-6));
        compared++;
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(SparkFixture.photos().size());
  }

  @Test
  @Order(1)
  void theSummaryCountsWhatTheRunWrote() {
    JobSummary s = SparkFixture.firstRun();
    long faces = spark.read().parquet(SparkFixture.embeddings().toString()).filter(col("status").equalTo("face")).count();
    assertThat(s.images()).isEqualTo(SparkFixture.photos().size());
    assertThat(s.faces()).isEqualTo(faces).isGreaterThanOrEqualTo(s.images());
    assertThat(s.errors()).isZero();
    assertThat(s.skipped()).isZero();
    assertThat(s.describe()).contains(s.images() + " images");
  }

  @Test
  @Order(1)
  void aBrokenImageIsAnErrorRowAndTheOthersGoOn() {
    List<Row> rows = rows(mixedOut);
    for (String broken : List.of("corrupt.jpg", "truncated.jpg")) {
      List<Row> mine = rows.stream().filter(r -> r.<String>getAs("path").endsWith("/" + broken)).toList();
      assertThat(mine).as(broken).hasSize(1);
      Row r = mine.get(0);
      assertThat(r.<String>getAs("status")).isEqualTo(FaceRows.ERROR);
      assertThat(r.<String>getAs("error")).isNotBlank();
      assertThat(r.<String>getAs("error_type")).isEqualTo(InvalidImageException.class.getName());
      assertThat(r.<Object>getAs("embedding")).isNull();
      assertThat(r.<String>getAs("content_hash")).hasSize(64);
    }
    assertThat(mixedRun.images()).isEqualTo(5);
    assertThat(mixedRun.errors()).isEqualTo(2);
    assertThat(mixedRun.faces()).isEqualTo(rows.stream().filter(r -> r.getAs("status").equals("face")).count())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  @Order(2)
  void aSecondRunSkipsEverything() {
    long before = spark.read().parquet(mixedOut.toString()).count();
    JobSummary again = RepresentJob.create(spark, SparkFaceOptions.defaults()).run(mixed.toString(), mixedOut.toString());
    assertThat(again.images()).isZero();
    assertThat(again.skipped()).isEqualTo(5);
    assertThat(spark.read().parquet(mixedOut.toString()).count()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void aNewImageIsTheOnlyOneProcessed() throws IOException {
    Path extra = SparkFixture.photos().get(5);
    Files.copy(extra, mixed.resolve(extra.getFileName()));
    JobSummary s = RepresentJob.create(spark, SparkFaceOptions.defaults()).run(mixed.toString(), mixedOut.toString());
    assertThat(s.images()).isEqualTo(1);
    assertThat(s.skipped()).isEqualTo(5);
    assertThat(spark.read().parquet(mixedOut.toString()).filter(col("run_id").equalTo(s.runId()))
        .select("path").distinct().collectAsList()).singleElement()
        .satisfies(r -> assertThat(r.getString(0)).endsWith("/" + extra.getFileName()));
  }

  @Test
  @Order(4)
  void imagesDoneWithOtherOptionsAreDoneAgain() {
    SparkFaceOptions oneFace = SparkFaceOptions.of(FaceOptions.builder().maxFaces(1).build());
    JobSummary s = RepresentJob.create(spark, oneFace).filesMatching("*.jpg").run(mixed.toString(), mixedOut.toString());
    assertThat(s.images()).isEqualTo(6);
    assertThat(s.skipped()).isZero();
    assertThat(spark.read().parquet(mixedOut.toString()).select("options_key").distinct().count()).isEqualTo(2);
  }

  @Test
  void aMissingInputIsATypedErrorBeforeAnythingRuns() {
    Path nowhere = SparkFixture.root().resolve("no-such-folder");
    assertThatThrownBy(() -> RepresentJob.create(spark, SparkFaceOptions.defaults()).run(nowhere.toString(),
        SparkFixture.root().resolve("never").toString()))
        .isInstanceOf(SparkJobException.class).hasMessageContaining("No images at").hasMessageContaining(nowhere.toString());
    assertThat(SparkFixture.root().resolve("never")).doesNotExist();
  }

  @Test
  void anOutputInsideTheInputIsRefused() {
    Path inside = mixed.resolve("faces");
    assertThatThrownBy(() -> RepresentJob.create(spark, SparkFaceOptions.defaults()).run(mixed.toString(),
        inside.toString())).isInstanceOf(SparkJobException.class).hasMessageContaining("lies inside the input");
    assertThat(inside).doesNotExist();
  }

  @Test
  void anUnknownModelIsRefusedOnTheDriver() {
    SparkFaceOptions bad = SparkFaceOptions.of(FaceOptions.builder().model("no-such-model").build());
    assertThatThrownBy(() -> RepresentJob.create(spark, bad).run(mixed.toString(),
        SparkFixture.root().resolve("never2").toString()))
        .isInstanceOf(io.deepface.DeepFaceException.class).hasMessageContaining("no-such-model");
    assertThat(SparkFixture.root().resolve("never2")).doesNotExist();
  }

  static double cosine(float[] a, float[] b) {
    return 1 - DistanceMetric.COSINE.distance(a, b);
  }
}
