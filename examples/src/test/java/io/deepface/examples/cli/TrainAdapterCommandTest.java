package io.deepface.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepface.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train-adapter} on eight lfw-dev people (a subfolder each), then the adapter used by {@code verify}. */
class TrainAdapterCommandTest {
  private static final List<String> PEOPLE = List.of("Tony_Blair", "Silvio_Berlusconi", "Wen_Jiabao", "Jiang_Zemin",
      "David_Beckham", "Tiger_Woods", "Pete_Sampras", "Hugo_Chavez");

  @Test
  void trainsSavesAndTheAdapterWorksAsAModel(@TempDir Path dir) throws Exception {
    for (String person : PEOPLE) {
      Path to = Files.createDirectories(dir.resolve("people").resolve(person));
      try (Stream<Path> files = Files.list(TestData.datasetsDir().resolve("lfw-dev/images").resolve(person))) {
        for (Path p : files.sorted().limit(3).toList()) {
          Files.copy(p, to.resolve(p.getFileName()));
        }
      }
    }
    Path adapter = dir.resolve("staff.adapter");
    CliRunner.Result r = CliRunner.run("train-adapter", "--identities", dir.resolve("people").toString(), "--out",
        adapter.toString(), "--model", "mobilefacenet-128", "--epochs", "3", "--seed", "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("model").asText()).isEqualTo("mobilefacenet-128+adapter:" + adapter);
    assertThat(j.get("history").get(0).get("epoch").asInt()).isZero();
    assertThat(j.get("train_people").asInt() + j.get("validation_people").asInt()).isEqualTo(8);
    assertThat(Files.size(adapter)).isGreaterThan(128 * 128 * 4);
    assertThat(r.err()).contains("24 faces of 8 people");

    Path first = dir.resolve("people/Tony_Blair").resolve(Files.list(dir.resolve("people/Tony_Blair")).sorted()
        .findFirst().orElseThrow().getFileName());
    CliRunner.Result v = CliRunner.run("verify", first.toString(), first.toString(), "--model",
        j.get("model").asText(), "--threshold", "0.4");
    assertThat(v.exitCode()).as(v.err()).isZero();
    assertThat(v.json().get("verified").asBoolean()).isTrue();
    assertThat(v.json().get("distance").asDouble()).isLessThan(1e-5);

    CliRunner.Result damaged = CliRunner.run("verify", first.toString(), first.toString(), "--model",
        "mobilefacenet-128+adapter:" + Files.writeString(dir.resolve("bad.adapter"), "nothing"), "--threshold", "0.4");
    assertThat(damaged.exitCode()).isEqualTo(3);
    assertThat(damaged.err()).contains("bad.adapter");
  }
}
