package io.deepface.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The spark-submit entry point's commands on the test session. */
class DeepFaceSparkMainTest {
  private final StringWriter printed = new StringWriter();
  private final StringWriter errors = new StringWriter();

  private int run(String... args) {
    return DeepFaceSparkMain.run(SparkFixture.spark(), new PrintWriter(printed, true), new PrintWriter(errors, true),
        args);
  }

  @Test
  void representThenSearchFromTheCommandLine() throws Exception {
    Path photos = SparkFixture.images();
    Path out = SparkFixture.root().resolve("cli-embeddings");
    assertThat(run("represent", "--input", photos.toString(), "--output", out.toString(), "--max-faces", "1",
        "--files-matching", "*.jpg")).isZero();
    assertThat(printed.toString()).contains("represent run").contains(SparkFixture.photos().size() + " images")
        .contains("0 errors");
    Path query = SparkFixture.unseenPhoto();
    printed.getBuffer().setLength(0);
    assertThat(run("search", "--embeddings", out.toString(), "--max-faces", "1", "--query", query.toString(),
        "-k", "3")).isZero();
    JsonNode line = new ObjectMapper().readTree(printed.toString().lines().findFirst().orElseThrow());
    assertThat(line.get("query").asText()).isEqualTo(query.toString());
    JsonNode best = line.get("matches").get(0);
    assertThat(best.get("img_name").asText()).contains("/" + query.getParent().getFileName() + "/");
    assertThat(best.get("distance").asDouble()).isLessThanOrEqualTo(best.get("threshold").asDouble());
    assertThat(best.has("target_x")).isTrue();
  }

  @Test
  void badArgumentsAndMissingInputsSayWhat() {
    assertThat(run("represent", "--output", "x")).isEqualTo(2);
    assertThat(errors.toString()).contains("Missing required option: '--input");
    assertThat(run("represent", "--input", SparkFixture.root().resolve("nothing-here").toString(), "--output",
        SparkFixture.root().resolve("none").toString())).isEqualTo(1);
    assertThat(errors.toString()).contains("deepface-spark represent failed: No images at");
  }
}
