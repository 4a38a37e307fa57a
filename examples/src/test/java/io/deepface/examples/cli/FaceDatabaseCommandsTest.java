package io.deepface.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepface.store.postgres.PostgresServer;
import io.deepface.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deepface register} and {@code deepface search} against a real PostgreSQL server started for this class:
 * DeepFace-shaped JSON, names from files or {@code --name}, reruns that duplicate nothing, exit codes, and no password
 * ever printed.
 */
class FaceDatabaseCommandsTest {
  private static final String MODEL = "mobilefacenet-128";
  private static PostgresServer server;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("deepface.model.path", TestData.modelsDir().toString());
    server = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Two photos each of three people, sorted. */
  private static List<List<Path>> people() throws IOException {
    List<List<Path>> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(TestData.datasetsDir().resolve("lfw-dev/images"))) {
      for (Path d : dirs.sorted().toList()) {
        try (Stream<Path> s = Files.list(d)) {
          List<Path> photos = s.sorted().toList();
          if (photos.size() >= 2 && out.size() < 3) {
            out.add(photos);
          }
        }
      }
    }
    return out;
  }

  private static String[] args(String command, String table, String... rest) {
    List<String> a = new ArrayList<>(List.of(command, "--store", "postgres", "--store-url", server.url(),
        "--store-option", "table=" + table, "--model", MODEL));
    a.addAll(List.of(rest));
    return a.toArray(String[]::new);
  }

  @Test
  void registerThenSearchPrintsDeepFaceShapedJson(@TempDir Path tmp) throws IOException {
    List<List<Path>> people = people();
    String alice = people.get(0).get(0).getParent().getFileName().toString();
    CliRunner.Result r = CliRunner.run(args("register", "cli", people.get(0).get(0).toString(), "--name", alice));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode reg = r.json();
    assertThat(reg.get("registered")).hasSize(1);
    assertThat(reg.get("registered").get(0).get("img_name").asText()).isEqualTo(alice);
    assertThat(reg.get("registered").get(0).get("faces").get(0).get("id").asText()).contains("#");
    assertThat(reg.get("count").asInt()).isEqualTo(1);

    // Without --name, each file's name is the identity (DeepFace's img_name); a broken file is reported, exit 3.
    Path broken = Files.writeString(tmp.resolve("broken.jpg"), "not an image");
    r = CliRunner.run(args("register", "cli", people.get(1).get(0).toString(), people.get(2).get(0).toString(),
        broken.toString(), "--faces", "largest"));
    assertThat(r.exitCode()).as(r.err()).isEqualTo(DeepFaceCli.EXIT_BAD_INPUT);
    assertThat(r.json().get("registered")).hasSize(2);
    assertThat(r.json().get("registered").get(0).get("img_name").asText())
        .isEqualTo(people.get(1).get(0).getFileName().toString());
    assertThat(r.json().get("failed").get(0).get("image").asText()).isEqualTo("broken.jpg");
    assertThat(r.json().get("count").asInt()).isEqualTo(3);

    // Registering again duplicates nothing.
    r = CliRunner.run(args("register", "cli", people.get(0).get(0).toString(), "--name", alice));
    assertThat(r.json().get("registered").get(0).get("unchanged").asBoolean()).isTrue();
    assertThat(r.json().get("count").asInt()).isEqualTo(3);

    r = CliRunner.run(args("search", "cli", people.get(0).get(1).toString(), "--top", "2", "--threshold", "2"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode faces = r.json();
    assertThat(faces).hasSize(1);
    JsonNode rows = faces.get(0);
    assertThat(rows).hasSize(2);
    JsonNode top = rows.get(0);
    assertThat(top.get("img_name").asText()).isEqualTo(alice);
    for (String key : List.of("distance", "threshold", "confidence", "target_x", "target_y", "target_w", "target_h")) {
      assertThat(top.has(key)).as(key).isTrue();
    }
    assertThat(top.get("distance").asDouble()).isLessThanOrEqualTo(rows.get(1).get("distance").asDouble());
    assertThat(r.err()).contains("closest " + alice);

    // Other settings than the stored ones are refused.
    r = CliRunner.run(args("search", "cli", people.get(0).get(1).toString(), "--detector", "yunet"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("detector=yunet");
  }

  @Test
  void storeOptionsAreCheckedAndPasswordsNeverPrinted() throws IOException {
    Path photo = people().get(0).get(0);
    CliRunner.Result r = CliRunner.run("register", photo.toString(), "--store", "postgres", "--model", MODEL);
    assertThat(r.exitCode()).isEqualTo(DeepFaceCli.EXIT_USAGE);
    assertThat(r.err()).contains("--store-url").contains("DEEPFACE_STORE_URL");
    r = CliRunner.run("search", photo.toString(), "--store", "nosuch", "--store-url", "x", "--model", MODEL);
    assertThat(r.exitCode()).isEqualTo(DeepFaceCli.EXIT_USAGE);
    assertThat(r.err()).contains("nosuch").contains("postgres");
    String url = "jdbc:postgresql://127.0.0.1:1/faces?user=deepface&password=topsecret";
    r = CliRunner.run("search", photo.toString(), "--store", "postgres", "--store-url", url, "--model", MODEL);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Cannot reach the postgres store at jdbc:postgresql://127.0.0.1:1/faces")
        .doesNotContain("topsecret");
    assertThat(r.out()).doesNotContain("topsecret");
    // The solr store talks through the JDK's HTTP client: no Jetty client in the CLI, and a clear error.
    r = CliRunner.run("search", photo.toString(), "--store", "solr", "--store-url", "http://127.0.0.1:1/solr",
        "--model", MODEL);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Cannot reach the solr store at http://127.0.0.1:1/solr");
    assertThat(getClass().getClassLoader().getResource("org/eclipse/jetty/client/HttpClient.class")).isNull();
  }
}
