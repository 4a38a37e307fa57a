package io.deepface.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepface.testing.TestData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code map} on real LFW photos: six people, four photos each, as LFW names them (NAME_000N.jpg, one folder). */
class MapCommandTest {
  private static final List<String> PEOPLE = List.of("Tony_Blair", "Silvio_Berlusconi", "Wen_Jiabao", "David_Beckham",
      "Jennifer_Garner", "Nicole_Kidman");

  @Test
  void drawsThePeopleApartAndPrintsTheCoordinates(@TempDir Path dir) throws Exception {
    Path photos = Files.createDirectories(dir.resolve("photos"));
    for (String person : PEOPLE) {
      try (var files = Files.list(TestData.datasetsDir().resolve("lfw-dev/images").resolve(person))) {
        for (Path p : files.sorted().limit(4).toList()) {
          Files.copy(p, photos.resolve(p.getFileName()));
        }
      }
    }
    Path png = dir.resolve("map.png");
    CliRunner.Result r = CliRunner.run("map", photos.toString(), "--out", png.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("faces").asInt()).isEqualTo(24);
    assertThat(j.get("identities").asInt()).isEqualTo(6);
    assertThat(j.get("points")).hasSize(24);
    assertThat(j.get("points").get(0).get("identity").asText()).isEqualTo("David_Beckham");
    // In the full space a face's nearest neighbour is nearly always the same person; the plane keeps much of it
    // (chance would be 3 in 23).
    assertThat(j.get("neighbour_agreement_full").asDouble()).isGreaterThanOrEqualTo(0.9);
    assertThat(j.get("neighbour_agreement_2d").asDouble()).isGreaterThan(0.3);
    double explained = j.get("explained_variance").get(0).asDouble() + j.get("explained_variance").get(1).asDouble();
    assertThat(explained).isBetween(0.05, 1.0);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(1200);
    assertThat(img.getHeight()).isEqualTo(900);
    assertThat(r.err()).contains("24 faces of 6 people");
  }

  @Test
  void tsneIsNotOfferedAndAMissingFolderIsBadInput(@TempDir Path dir) {
    CliRunner.Result tsne = CliRunner.run("map", dir.toString(), "--out", dir.resolve("m.png").toString(), "--method",
        "tsne");
    assertThat(tsne.exitCode()).isEqualTo(2);
    assertThat(tsne.err()).contains("use pca");
    CliRunner.Result missing = CliRunner.run("map", dir.resolve("nope").toString(), "--out",
        dir.resolve("m.png").toString());
    assertThat(missing.exitCode()).isEqualTo(3);
    assertThat(Files.exists(dir.resolve("m.png"))).isFalse();
  }
}
