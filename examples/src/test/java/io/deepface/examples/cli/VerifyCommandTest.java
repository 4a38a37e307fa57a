package io.deepface.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepface.testing.TestData;
import io.deepface.testing.TestData.LfwPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  private static List<LfwPair> pairs(boolean same, int n) {
    return TestData.lfwPairs().stream().filter(p -> p.fold() == 2 && p.same() == same).limit(n).toList();
  }

  @Test
  void verifyPrintsOneObjectWithDeepFaceKeys() {
    LfwPair p = pairs(true, 1).get(0);
    CliRunner.Result r = CliRunner.run("verify", p.first().toString(), p.second().toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("verified").asBoolean()).isTrue();
    assertThat(j.get("distance").asDouble()).isLessThan(j.get("threshold").asDouble());
    assertThat(j.get("model").asText()).isEqualTo("fusion");
    assertThat(j.get("detector").asText()).isEqualTo("retinaface-yunet");
    assertThat(j.get("metric").asText()).isEqualTo("cosine");
    JsonNode area = j.get("facial_areas").get("img1");
    for (String key : List.of("x", "y", "w", "h")) {
      assertThat(area.get(key).isInt()).as(key).isTrue();
    }
    assertThat(area.get("left_eye").size()).isEqualTo(2);
  }

  @Test
  void optionsReachThePipeline() {
    LfwPair p = pairs(false, 1).get(0);
    CliRunner.Result r = CliRunner.run("verify", p.first().toString(), p.second().toString(), "--model",
        "mobilefacenet-128", "--metric", "euclidean_l2");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.json().get("model").asText()).isEqualTo("mobilefacenet-128");
    assertThat(r.json().get("metric").asText()).isEqualTo("euclidean_l2");
    assertThat(r.json().get("verified").asBoolean()).isFalse();
  }

  @Test
  void pairsFileKeepsOrderAndReportsFailuresInline(@TempDir Path dir) throws IOException {
    List<LfwPair> same = pairs(true, 3);
    List<LfwPair> diff = pairs(false, 3);
    Path missing = dir.resolve("missing.jpg");
    Path notAnImage = Files.writeString(dir.resolve("notes.jpg"), "not a picture");
    List<String> lines = List.of(
        same.get(0).first() + "\t" + same.get(0).second(),
        diff.get(0).first() + "\t" + diff.get(0).second(),
        missing + "\t" + same.get(1).second(),
        same.get(1).first() + "\t" + same.get(1).second(),
        "just-one-field",
        notAnImage + "\t" + diff.get(1).second(),
        diff.get(2).first() + "\t" + diff.get(2).second());
    Path file = Files.write(dir.resolve("pairs.tsv"), lines);
    CliRunner.Result r = CliRunner.run("verify", "--pairs", file.toString(), "--threads", "4");
    assertThat(r.exitCode()).isEqualTo(DeepFaceCli.EXIT_BAD_INPUT);
    List<String> out = r.out().lines().toList();
    assertThat(out).hasSize(lines.size());
    ObjectMapper m = new ObjectMapper();
    boolean[] expectVerified = {true, false, false, true, false, false, false};
    boolean[] expectError = {false, false, true, false, true, true, false};
    for (int i = 0; i < out.size(); i++) {
      JsonNode j = m.readTree(out.get(i));
      assertThat(j.get("img1").asText()).isEqualTo(lines.get(i).split("\t")[0]);
      assertThat(j.has("error")).as("line %d: %s", i, out.get(i)).isEqualTo(expectError[i]);
      if (!expectError[i]) {
        assertThat(j.get("verified").asBoolean()).as("line %d", i).isEqualTo(expectVerified[i]);
      }
    }
    assertThat(m.readTree(out.get(2)).get("error").asText()).contains("no such file");
    assertThat(m.readTree(out.get(5)).get("error").asText()).contains("not a recognised image");
  }

  @Test
  void badInputAndUsageErrorsHaveTheirExitCodes(@TempDir Path dir) throws IOException {
    Path face = pairs(true, 1).get(0).first();
    assertThat(CliRunner.run("verify", dir.resolve("nope.jpg").toString(), face.toString()).exitCode())
        .isEqualTo(DeepFaceCli.EXIT_BAD_INPUT);
    assertThat(CliRunner.run("verify", face.toString()).exitCode()).isEqualTo(DeepFaceCli.EXIT_USAGE);
    assertThat(CliRunner.run("verify", face.toString(), face.toString(), "--metric", "manhattan").exitCode())
        .isEqualTo(DeepFaceCli.EXIT_USAGE);
    CliRunner.Result unknownModel = CliRunner.run("verify", face.toString(), face.toString(), "--model", "vgg-face");
    assertThat(unknownModel.exitCode()).isEqualTo(DeepFaceCli.EXIT_USAGE);
    assertThat(unknownModel.err()).contains("No embedder named 'vgg-face'").contains("faceplugin-512 (onnx)");
    assertThat(CliRunner.run("verify", "--pairs", dir.resolve("none.tsv").toString()).exitCode())
        .isEqualTo(DeepFaceCli.EXIT_BAD_INPUT);
  }
}
