package io.deepface.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepface.examples.json.Json;
import io.deepface.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepface find IMG GALLERY_DIR}: JSON on stdout, progress on stderr, exit codes. */
class FindCommandTest {
  private static final String MODEL = "mobilefacenet-128";

  @BeforeAll
  static void modelsFromTheSharedFolder() {
    // DeepFace's shared engine reads the model path once, when first used.
    System.setProperty("deepface.model.path", TestData.modelsDir().toString());
  }

  /** Exit code, stdout and stderr of one CLI run. */
  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = DeepFaceCli.run(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** Four people with two photos each: the first of each in the gallery; returns the second ones. */
  private static List<Path> gallery(Path dir) throws IOException {
    List<Path> queries = new ArrayList<>();
    try (Stream<Path> people = Files.list(TestData.datasetsDir().resolve("lfw-dev/images"))) {
      for (Path person : people.sorted().toList()) {
        List<Path> photos;
        try (Stream<Path> s = Files.list(person)) {
          photos = s.sorted().toList();
        }
        if (photos.size() >= 2 && queries.size() < 4) {
          Files.createDirectories(dir.resolve(person.getFileName()));
          Path copy = dir.resolve(person.getFileName()).resolve(photos.get(0).getFileName());
          Files.copy(photos.get(0), copy);
          // Dated a minute back: a file modified just now is hashed again by the next run, to be safe.
          Files.setLastModifiedTime(copy, FileTime.from(Instant.now().minusSeconds(60)));
          queries.add(photos.get(1));
        }
      }
    }
    return queries;
  }

  @Test
  void printsOneArrayOfMatchesPerFaceAndAProgressBarOnStderr(@TempDir Path dir) throws IOException {
    List<Path> queries = gallery(dir);
    Run r = run("find", queries.get(2).toString(), dir.toString(), "--top", "2", "-m", MODEL, "--threshold", "0.5");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = Json.MAPPER.readTree(r.out());
    assertThat(json.isArray()).isTrue();
    JsonNode matches = json.get(0);
    assertThat(matches.size()).isBetween(1, 2);
    JsonNode top = matches.get(0);
    assertThat(top.get("identity").asText()).startsWith(dir.toString())
        .contains(queries.get(2).getParent().getFileName().toString());
    assertThat(top.get("distance").asDouble()).isBetween(0.0, 0.5);
    assertThat(top.get("threshold").asDouble()).isEqualTo(0.5);
    assertThat(top.get("confidence").asDouble()).isBetween(50.0, 100.0);
    List<String> fields = new ArrayList<>();
    top.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("identity", "distance", "threshold", "confidence", "hash", "source_area", "target_area");
    assertThat(top.get("source_area").get("w").asInt()).isPositive();
    assertThat(top.get("target_area").get("w").asInt()).isPositive();
    assertThat(r.err()).contains("indexing [").contains("4/4 images");

    // Second run: nothing to index, no progress bar, same answer.
    Run again = run("find", queries.get(2).toString(), dir.toString(), "--top", "2", "-m", MODEL, "--threshold", "0.5");
    assertThat(again.code()).isZero();
    assertThat(again.err()).doesNotContain("indexing [");
    assertThat(Json.MAPPER.readTree(again.out()).get(0).get(0).get("identity")).isEqualTo(top.get("identity"));
  }

  @Test
  void badInputAndBadUsageHaveTheirExitCodes(@TempDir Path dir) throws IOException {
    List<Path> queries = gallery(dir);
    Run missingGallery = run("find", queries.get(0).toString(), dir.resolve("nope").toString(), "-m", MODEL,
        "--threshold", "0.5");
    assertThat(missingGallery.code()).isEqualTo(3);
    assertThat(missingGallery.err()).contains("no such gallery folder");
    Run missingImage = run("find", dir.resolve("nope.jpg").toString(), dir.toString(), "--threshold", "0.5");
    assertThat(missingImage.code()).isEqualTo(3);
    Run badMetric = run("find", queries.get(0).toString(), dir.toString(), "--metric", "manhattan");
    assertThat(badMetric.code()).isEqualTo(2);
    assertThat(badMetric.err()).contains("manhattan");
    assertThat(run("find", queries.get(0).toString()).code()).isEqualTo(2);
  }
}
