package io.deepface.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepface.AnalyzeOptions;
import io.deepface.ExtractedFace;
import io.deepface.FaceAnalysis;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.analysis.FaceAttribute;
import io.deepface.image.ImageInput;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The analyze and extract_faces jobs give what the library gives in one JVM, face by face. */
class AnalyzeAndExtractJobTest {
  private static SparkSession spark;
  private static Path photos;
  private static FaceEngine engine;

  @BeforeAll
  static void threePhotosAndABrokenFile() throws IOException {
    spark = SparkFixture.spark();
    engine = ExecutorEngines.get(SparkFaceOptions.defaults());
    photos = SparkFixture.root().resolve("analyze");
    Files.createDirectories(photos);
    for (Path p : SparkFixture.photos().subList(6, 9)) {
      Files.copy(p, photos.resolve(p.getFileName()));
    }
    Files.writeString(photos.resolve("notes.jpg"), "not an image");
  }

  private static List<Row> rows(Path out, String path) {
    return spark.read().parquet(out.toString()).orderBy("face_index").collectAsList().stream()
        .filter(r -> r.<String>getAs("path").endsWith("/" + path)).toList();
  }

  @Test
  void analyzeGivesTheLibrarysAttributes() {
    AnalyzeOptions actions = AnalyzeOptions.of(FaceAttribute.AGE, FaceAttribute.GENDER, FaceAttribute.EMOTION);
    Path out = SparkFixture.root().resolve("analysis");
    JobSummary s = AnalyzeJob.create(spark, SparkFaceOptions.defaults(), actions).run(photos.toString(), out.toString());
    assertThat(s.images()).isEqualTo(4);
    assertThat(s.errors()).isEqualTo(1);
    for (Path p : SparkFixture.photos().subList(6, 9)) {
      List<FaceAnalysis> expected = engine.analyze(ImageInput.of(p), actions, FaceOptions.defaults());
      List<Row> rows = rows(out, p.getFileName().toString());
      assertThat(rows).hasSize(expected.size());
      for (Row r : rows) {
        FaceAnalysis e = expected.get(r.<Integer>getAs("face_index"));
        assertThat(r.<Double>getAs("age")).isCloseTo(e.age().years(), within(1e-6));
        assertThat(r.<String>getAs("dominant_gender")).isEqualTo(e.gender().dominant());
        assertThat(r.<String>getAs("dominant_emotion")).isEqualTo(e.emotion().dominant());
        Map<String, Double> emotion = r.getJavaMap(r.fieldIndex("emotion"));
        e.emotion().scores().forEach((k, v) -> assertThat(emotion.get(k)).isCloseTo(v, within(1e-6)));
        assertThat(r.<Object>getAs("race")).isNull();
        assertThat(FaceRows.area(r.getStruct(r.fieldIndex("facial_area")))).isEqualTo(e.region());
      }
    }
    assertThat(rows(out, "notes.jpg")).singleElement().satisfies(r -> {
      assertThat(r.<String>getAs("status")).isEqualTo(FaceRows.ERROR);
      assertThat(r.<String>getAs("error")).isNotBlank();
    });
  }

  @Test
  void extractFacesGivesTheLibrarysAlignedFaces() throws IOException {
    Path out = SparkFixture.root().resolve("faces");
    JobSummary s = ExtractFacesJob.create(spark, SparkFaceOptions.defaults()).filesMatching("*_000?.jpg")
        .run(photos.toString(), out.toString());
    assertThat(s.images()).isEqualTo(3);
    assertThat(s.skipped()).isZero();
    for (Path p : SparkFixture.photos().subList(6, 9)) {
      List<ExtractedFace> expected = engine.extractFaces(ImageInput.of(p), FaceOptions.defaults());
      List<Row> rows = rows(out, p.getFileName().toString());
      assertThat(rows).hasSize(expected.size());
      for (Row r : rows) {
        ExtractedFace e = expected.get(r.<Integer>getAs("face_index"));
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.getAs("face_png")));
        assertThat(png.getWidth()).isEqualTo(e.face().width());
        assertThat(png.getHeight()).isEqualTo(e.face().height());
        assertThat(png.getRGB(png.getWidth() / 2, png.getHeight() / 2) & 0xFFFFFF)
            .isEqualTo(e.face().rgbAt(png.getWidth() / 2, png.getHeight() / 2) & 0xFFFFFF);
        assertThat(FaceRows.area(r.getStruct(r.fieldIndex("facial_area")))).isEqualTo(e.facialArea());
      }
    }
  }
}
