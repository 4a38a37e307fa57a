package io.deepface.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepface.image.ImageDecoder;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepresentAndExtractTest {
  @Test
  void representPrintsOneEmbeddingPerFace() {
    CliRunner.Result r = CliRunner.run("represent", TestData.faceapi("bbt3.jpg").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.size()).isEqualTo(5);
    for (JsonNode face : j) {
      assertThat(face.get("embedding").size()).isEqualTo(640);
      assertThat(face.get("face_confidence").asDouble()).isGreaterThan(0.6);
      assertThat(face.get("facial_area").get("w").asInt()).isPositive();
    }
  }

  @Test
  void detectionOptionsChooseTheFaces() {
    String photo = TestData.faceapi("bbt3.jpg").toString();
    CliRunner.Result two = CliRunner.run("represent", photo, "--model", "mobilefacenet-128", "--max-faces", "2");
    assertThat(two.exitCode()).as(two.err()).isZero();
    assertThat(two.json().size()).isEqualTo(2);
    CliRunner.Result all = CliRunner.run("represent", photo, "--model", "mobilefacenet-128");
    int[] widths = java.util.stream.StreamSupport.stream(all.json().spliterator(), false)
        .mapToInt(f -> f.get("facial_area").get("w").asInt()).sorted().toArray();
    int cut = widths[widths.length / 2] + 1;
    CliRunner.Result large = CliRunner.run("represent", photo, "--model", "mobilefacenet-128", "--min-face-size",
        Integer.toString(cut));
    assertThat(large.exitCode()).as(large.err()).isZero();
    assertThat(large.json().size()).isPositive().isLessThan(widths.length);
    large.json().forEach(f -> assertThat(f.get("facial_area").get("w").asInt()).isGreaterThanOrEqualTo(cut - 1));
    CliRunner.Result sure = CliRunner.run("represent", photo, "--model", "mobilefacenet-128", "--min-confidence",
        "0.99");
    assertThat(sure.exitCode()).as(sure.err()).isZero();
    sure.json().forEach(f -> assertThat(f.get("face_confidence").asDouble()).isGreaterThanOrEqualTo(0.99));
    CliRunner.Result bad = CliRunner.run("represent", photo, "--min-face-size", "-5");
    assertThat(bad.exitCode()).isEqualTo(DeepFaceCli.EXIT_USAGE);
    assertThat(bad.err()).contains("minFaceSize must be >= 0 pixels, got -5");
  }

  @Test
  void extractFacesWritesOnePngPerFace(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("faces");
    CliRunner.Result r = CliRunner.run("extract-faces", TestData.faceapi("bbt1.jpg").toString(), "--out", out.toString(),
        "--size", "150");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.json().size()).isEqualTo(4);
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("bbt1_face1.png", "bbt1_face2.png", "bbt1_face3.png", "bbt1_face4.png");
    }
    RgbImage face = ImageDecoder.defaults().decode(ImageInput.of(out.resolve("bbt1_face1.png")));
    assertThat(face.width()).isEqualTo(150);
    assertThat(r.json().get(0).get("file").asText()).isEqualTo(out.resolve("bbt1_face1.png").toString());
  }

  @Test
  void noFaceIsABadInputUnlessDetectionIsNotEnforced(@TempDir Path dir) throws IOException {
    // A flat grey picture: no face by construction (an error path, so a synthetic input is fine).
    java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    java.awt.Graphics2D g = grey.createGraphics();
    g.setColor(java.awt.Color.GRAY);
    g.fillRect(0, 0, 64, 64);
    g.dispose();
    Path file = dir.resolve("grey.png");
    javax.imageio.ImageIO.write(grey, "png", file.toFile());
    CliRunner.Result strict = CliRunner.run("represent", file.toString());
    assertThat(strict.exitCode()).isEqualTo(DeepFaceCli.EXIT_BAD_INPUT);
    assertThat(strict.err()).contains("No face detected in file " + file);
    CliRunner.Result lenient = CliRunner.run("represent", file.toString(), "--enforce-detection", "false");
    assertThat(lenient.exitCode()).isZero();
    assertThat(lenient.json().get(0).get("face_confidence").asDouble()).isZero();
  }

  @Test
  void componentsListsTheOnnxBackend() {
    CliRunner.Result r = CliRunner.run("components");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("\"name\":\"yunet\"").contains("\"backend\":\"onnx\"").contains("\"name\":\"skip\"");
  }
}
