package io.deepface.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.deepface.DeepFace;
import io.deepface.FaceOptions;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.testing.TestData;
import io.deepface.testing.TestData.LfwPair;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays every request of Python DeepFace's own Postman collection (0.0.100) against this server: its image URLs
 * pointed at a loopback file server, its form files at local photos, and its model and detector names, which this
 * library does not have (Facenet, mtcnn, opencv), mapped to this library's defaults. The face database requests
 * (register, search, build index) go to an in-process face database, as {@code serve} sets up by default.
 */
class PostmanReplayTest {
  private static final Path COLLECTION = TestData.datasetsDir()
      .resolve("deepface-api/deepface-api.postman_collection.json");
  private static DeepFaceServer server;
  private static FaceDatabase database;
  private static HttpServer files;
  private static Map<String, Path> images;

  @BeforeAll
  static void start() throws IOException {
    LfwPair same = TestData.lfwPairs().stream().filter(p -> p.fold() == 4 && p.same()).findFirst().orElseThrow();
    LfwPair diff = TestData.lfwPairs().stream().filter(p -> p.fold() == 4 && !p.same()).findFirst().orElseThrow();
    // DeepFace's img1 and img2 show one person; img3 someone else; img18 (registered, then searched for with img1)
    // the person of img1 again.
    images = Map.of("img1.jpg", same.first(), "img2.jpg", same.second(), "img3.jpg", diff.second(),
        "img18.jpg", same.second());
    files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    files.createContext("/", ex -> {
      Path p = images.get(Path.of(ex.getRequestURI().getPath()).getFileName().toString());
      if (p == null) {
        ex.sendResponseHeaders(404, -1);
        ex.close();
        return;
      }
      byte[] bytes = Files.readAllBytes(p);
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(bytes);
      }
    });
    files.start();
    database = FaceDatabase.open(DeepFace.engine(), "exact", Map.of(), FaceDatabaseOptions.defaults());
    server = DeepFaceServer.start(DeepFace.engine(), ServerConfig.builder()
        .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).workers(2)
        .allowImageUrls(true).allowPrivateImageUrls(true).build(), DatabaseRoutes.of(database));
  }

  @AfterAll
  static void stop() {
    server.close();
    database.close();
    files.stop(0);
  }

  /** A DeepFace model or detector name this library lacks, mapped to the library's default. */
  private static String mapName(String key, String value) {
    return switch (key) {
      case "model_name" -> FaceOptions.DEFAULT_MODEL;
      case "detector_backend" -> FaceOptions.DEFAULT_DETECTOR;
      default -> value;
    };
  }

  private static String localUrl(String url) {
    return "http://127.0.0.1:" + files.getAddress().getPort() + URI.create(url).getPath();
  }

  private record Replay(String name, String path, ApiClient.Reply reply) {}

  private static List<Replay> replay(boolean mapNames) throws Exception {
    JsonNode collection = ApiClient.JSON.readTree(COLLECTION.toFile());
    ApiClient api = new ApiClient(server);
    List<Replay> out = new ArrayList<>();
    for (JsonNode item : collection.get("item")) {
      JsonNode req = item.get("request");
      String raw = req.get("url").isTextual() ? req.get("url").asText() : req.get("url").get("raw").asText();
      String path = URI.create(raw).getPath();
      JsonNode body = req.get("body");
      ApiClient.Reply reply;
      if (body.get("mode").asText().equals("formdata")) {
        Map<String, Object> form = new LinkedHashMap<>();
        for (JsonNode f : body.get("formdata")) {
          String key = f.get("key").asText();
          if (f.path("type").asText().equals("file")) {
            form.put(key, images.get(Path.of(f.get("src").asText()).getFileName().toString()));
          } else {
            form.put(key, mapNames ? mapName(key, f.get("value").asText()) : f.get("value").asText());
          }
        }
        reply = api.multipart(path, form);
      } else {
        ObjectNode json = (ObjectNode) ApiClient.JSON.readTree(body.get("raw").asText());
        for (String key : List.copyOf(json.properties().stream().map(Map.Entry::getKey).toList())) {
          JsonNode v = json.get(key);
          if (v.isTextual() && v.asText().startsWith("https://")) {
            json.put(key, localUrl(v.asText()));
          } else if (mapNames && v.isTextual()) {
            json.put(key, mapName(key, v.asText()));
          }
        }
        reply = api.post(path, json);
      }
      out.add(new Replay(item.get("name").asText(), path, reply));
    }
    return out;
  }

  @Test
  void everyRequestOfDeepFacesCollectionIsAnswered() throws Exception {
    List<Replay> replays = replay(true);
    assertThat(replays).hasSize(10);
    for (Replay r : replays) {
      JsonNode body = r.reply().body();
      switch (r.path()) {
        case "/represent" -> {
          assertThat(r.reply().status()).as(r.name() + ": " + body).isEqualTo(200);
          JsonNode face = body.get("results").get(0);
          assertThat(face.get("embedding").size()).isPositive();
          assertThat(face.get("facial_area").has("x")).isTrue();
          assertThat(face.has("face_confidence")).isTrue();
        }
        case "/verify" -> {
          assertThat(r.reply().status()).as(r.name() + ": " + body).isEqualTo(200);
          for (String key : List.of("verified", "distance", "threshold", "model", "detector_backend",
              "similarity_metric", "facial_areas", "time")) {
            assertThat(body.has(key)).as(r.name() + " has " + key).isTrue();
          }
          // The JSON request compares img1 with img3 (different people), the form img1 with img2 (the same).
          boolean form = r.name().contains("form");
          assertThat(body.get("verified").asBoolean()).as(r.name()).isEqualTo(form);
        }
        case "/analyze" -> {
          assertThat(r.reply().status()).as(r.name() + ": " + body).isEqualTo(200);
          JsonNode face = body.get("results").get(0);
          assertThat(face.has("age")).isTrue();
          assertThat(face.has("region")).isTrue();
          assertThat(face.has("dominant_gender")).isEqualTo(r.name().contains("form"));
          assertThat(face.has("dominant_emotion")).isFalse();
        }
        case "/register" -> {
          assertThat(r.reply().status()).as(r.name() + ": " + body).isEqualTo(200);
          assertThat(body.get("img_name").asText()).isEqualTo("img18.jpg");
          assertThat(body.get("faces")).hasSize(1);
          assertThat(body.get("count").asInt()).isPositive();
        }
        case "/search" -> {
          assertThat(r.reply().status()).as(r.name() + ": " + body).isEqualTo(200);
          JsonNode best = body.get("results").get(0).get(0);
          assertThat(best.get("img_name").asText()).as(r.name()).isEqualTo("img18.jpg");
          assertThat(best.get("distance").asDouble()).isLessThanOrEqualTo(best.get("threshold").asDouble());
          for (String key : List.of("confidence", "target_x", "target_y", "target_w", "target_h")) {
            assertThat(best.has(key)).as(r.name() + " has " + key).isTrue();
          }
        }
        default -> {
          assertThat(r.path()).isEqualTo("/build/index");
          assertThat(r.reply().status()).as(r.name() + ": " + body).isEqualTo(200);
          assertThat(body.get("message").asText()).contains("nothing to build");
        }
      }
    }
  }

  @Test
  void deepFaceModelNamesThisLibraryLacksAreRefusedWithTheAvailableOnes() throws Exception {
    List<Replay> replays = replay(false);
    Replay represent = replays.stream().filter(r -> r.name().equals("Represent - form data")).findFirst().orElseThrow();
    assertThat(represent.reply().status()).isEqualTo(400);
    assertThat(represent.reply().error()).contains("Facenet").contains(FaceOptions.DEFAULT_MODEL)
        .contains("mobilefacenet-128");
  }
}
