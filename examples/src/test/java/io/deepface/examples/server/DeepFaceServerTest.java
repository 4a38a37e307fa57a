package io.deepface.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepface.DeepFace;
import io.deepface.testing.TestData;
import io.deepface.testing.TestData.LfwPair;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeepFaceServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static DeepFaceServer server;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    server = DeepFaceServer.start(DeepFace.engine(), ServerConfig.builder()
        .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).workers(4).queue(16)
        .maxBodyBytes(4L * 1024 * 1024).gallery(gallery()).build());
  }

  private static Path galleryDir;

  /** Three people of face-api.js's examples, copied: a gallery writes its cache into its folder. */
  private static Path gallery() throws IOException {
    galleryDir = Files.createTempDirectory("deepface-gallery");
    for (String person : List.of("amy", "bernadette", "howard")) {
      Files.createDirectories(galleryDir.resolve(person));
      try (var files = Files.list(TestData.faceapi(person))) {
        for (Path f : files.toList()) {
          Files.copy(f, galleryDir.resolve(person).resolve(f.getFileName()));
        }
      }
    }
    return galleryDir;
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
    try (var walk = Files.walk(galleryDir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private record Reply(int status, JsonNode body) {}

  private static Reply post(String path, Object body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body))).build();
    HttpResponse<String> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  private static Reply get(String path) throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
  }

  private static String dataUri(Path p) throws IOException {
    return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(p));
  }

  private static LfwPair pair(boolean same) {
    return TestData.lfwPairs().stream().filter(p -> p.fold() == 3 && p.same() == same).findFirst().orElseThrow();
  }

  @Test
  void verifyAnswersLikeDeepFace() throws Exception {
    LfwPair same = pair(true);
    Reply r = post("/verify", Map.of("img1", dataUri(same.first()), "img2", dataUri(same.second())));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("verified").asBoolean()).isTrue();
    assertThat(r.body().get("facial_areas").get("img2").get("w").asInt()).isPositive();
    LfwPair diff = pair(false);
    Reply d = post("/verify", Map.of("img1", dataUri(diff.first()), "img2", dataUri(diff.second()),
        "model_name", "mobilefacenet-128", "distance_metric", "euclidean_l2"));
    assertThat(d.status()).isEqualTo(200);
    assertThat(d.body().get("verified").asBoolean()).isFalse();
    assertThat(d.body().get("model").asText()).isEqualTo("mobilefacenet-128");
    assertThat(d.body().get("metric").asText()).isEqualTo("euclidean_l2");
  }

  @Test
  void representAndAnalyzeReturnResultsPerFace() throws Exception {
    String group = dataUri(TestData.faceapi("bbt3.jpg"));
    Reply rep = post("/represent", Map.of("img", group, "model_name", "mobilefacenet-128"));
    assertThat(rep.status()).isEqualTo(200);
    assertThat(rep.body().get("results").size()).isEqualTo(5);
    assertThat(rep.body().get("results").get(0).get("embedding").size()).isEqualTo(128);
    Reply ana = post("/analyze", Map.of("img", group, "actions", List.of("age", "emotion")));
    assertThat(ana.status()).isEqualTo(200);
    assertThat(ana.body().get("results").size()).isEqualTo(5);
    JsonNode first = ana.body().get("results").get(0);
    assertThat(first.has("age")).isTrue();
    assertThat(first.has("dominant_emotion")).isTrue();
    assertThat(first.has("dominant_gender")).isFalse();
  }

  @Test
  void analyzeGivesRaceAndTakesAModelPerAction() throws Exception {
    Reply r = post("/analyze", Map.of("img", dataUri(TestData.astronaut()), "actions",
        List.of("age", "gender", "emotion", "race"), "gender_model", "faceres"));
    assertThat(r.status()).isEqualTo(200);
    JsonNode f = r.body().get("results").get(0);
    assertThat(f.get("race").size()).isEqualTo(5);
    assertThat(f.get("dominant_race").asText()).isIn("white", "black", "asian", "indian", "other");
    assertThat(f.get("dominant_gender").asText()).isEqualTo("Woman");
    assertThat(f.get("dominant_emotion").asText()).isEqualTo("happy");
  }

  @Test
  void detectionOptionsChooseTheFaces() throws Exception {
    String group = dataUri(TestData.faceapi("bbt3.jpg"));
    JsonNode all = post("/represent", Map.of("img", group, "model_name", "mobilefacenet-128")).body().get("results");
    assertThat(all.size()).isEqualTo(5);
    assertThat(post("/represent", Map.of("img", group, "model_name", "mobilefacenet-128", "max_faces", 2)).body()
        .get("results").size()).isEqualTo(2);
    int[] widths = java.util.stream.StreamSupport.stream(all.spliterator(), false)
        .mapToInt(f -> f.get("facial_area").get("w").asInt()).sorted().toArray();
    int cut = widths[2] + 1;
    JsonNode large = post("/represent", Map.of("img", group, "model_name", "mobilefacenet-128", "min_face_size", cut))
        .body().get("results");
    assertThat(large.size()).isPositive().isLessThan(5);
    large.forEach(f -> assertThat(f.get("facial_area").get("w").asInt()).isGreaterThanOrEqualTo(cut - 1));
    // Form-style string values are read too.
    assertThat(post("/represent", Map.of("img", group, "model_name", "mobilefacenet-128", "min_face_size",
        Integer.toString(cut))).body().get("results").size()).isEqualTo(large.size());
    JsonNode sure = post("/represent", Map.of("img", group, "model_name", "mobilefacenet-128", "min_confidence", 0.99))
        .body().get("results");
    sure.forEach(f -> assertThat(f.get("face_confidence").asDouble()).isGreaterThanOrEqualTo(0.99));
    Reply negative = post("/represent", Map.of("img", group, "min_face_size", -3));
    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.body().get("error").asText()).contains("minFaceSize must be >= 0 pixels, got -3");
    Reply word = post("/represent", Map.of("img", group, "min_face_size", "large"));
    assertThat(word.status()).isEqualTo(400);
    assertThat(word.body().get("error").asText()).contains("'min_face_size' must be a whole number");
    Reply confidence = post("/represent", Map.of("img", group, "min_confidence", 2));
    assertThat(confidence.status()).isEqualTo(400);
    assertThat(confidence.body().get("error").asText()).contains("minConfidence must be in [0, 1]");
  }

  @Test
  void badRequestsGetClearErrors() throws Exception {
    Reply missing = post("/verify", Map.of("img1", dataUri(pair(true).first())));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().get("error").asText()).contains("missing 'img2'");
    assertThat(post("/verify", "{not json").status()).isEqualTo(400);
    Reply notImage = post("/represent", Map.of("img", Base64.getEncoder().encodeToString("hello".getBytes())));
    assertThat(notImage.status()).isEqualTo(400);
    assertThat(notImage.body().get("error").asText()).contains("not a recognised image");
    Reply path = post("/represent", Map.of("img", "/etc/passwd"));
    assertThat(path.status()).isEqualTo(400);
    Reply unknown = post("/represent", Map.of("img", dataUri(pair(true).first()), "model_name", "vgg-face"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body().get("error").asText()).contains("No embedder named 'vgg-face'");
    Reply badModel = post("/analyze", Map.of("img", dataUri(pair(true).first()), "actions", List.of("race"),
        "race_model", "phrenology"));
    assertThat(badModel.status()).isEqualTo(400);
    assertThat(badModel.body().get("error").asText()).contains("phrenology");
    assertThat(post("/analyze", Map.of("img", dataUri(pair(true).first()), "actions", List.of("beauty"))).status())
        .isEqualTo(400);
    assertThat(get("/verify").status()).isEqualTo(405);
    assertThat(get("/nowhere").status()).isEqualTo(404);
    assertThat(get("/health").body().get("status").asText()).isEqualTo("ok");
    assertThat(get("/components").body().get("components").size()).isGreaterThan(5);
  }

  @Test
  void multipartFormsWorkAsDeepFacesDo() throws Exception {
    ApiClient api = new ApiClient(server);
    LfwPair same = pair(true);
    ApiClient.Reply v = api.multipart("/verify", ApiClient.map("img1", same.first(), "img2", same.second(),
        "distance_metric", "cosine", "align", "True"));
    assertThat(v.status()).isEqualTo(200);
    assertThat(v.body().get("verified").asBoolean()).isTrue();
    assertThat(v.body().get("distance").asDouble()).isEqualTo(post("/verify", Map.of("img1", dataUri(same.first()),
        "img2", dataUri(same.second()))).body().get("distance").asDouble());
    // DeepFace's Postman collection sends actions as the string "[age, gender]", quotes included.
    ApiClient.Reply a = api.multipart("/analyze", ApiClient.map("img", TestData.astronaut(), "actions",
        "\"[age, gender]\""));
    assertThat(a.status()).isEqualTo(200);
    JsonNode face = a.body().get("results").get(0);
    assertThat(face.get("dominant_gender").asText()).isEqualTo("Woman");
    assertThat(face.has("age")).isTrue();
    assertThat(face.has("dominant_emotion")).isFalse();
    ApiClient.Reply noFile = api.multipart("/represent", ApiClient.map("model_name", "mobilefacenet-128"));
    assertThat(noFile.status()).isEqualTo(400);
    assertThat(noFile.error()).contains("missing 'img'");
    ApiClient.Reply emptyFile = api.multipart("/represent", ApiClient.map("img", new byte[0]));
    assertThat(emptyFile.status()).isEqualTo(400);
    assertThat(emptyFile.error()).contains("empty");
  }

  @Test
  void findSearchesTheGallery() throws Exception {
    ApiClient api = new ApiClient(server);
    // A face crop of a gallery person, sent as a photo: the top match is that person.
    Path query = TestData.faceapi("amy").resolve("amy1.png");
    ApiClient.Reply r = api.multipart("/find", ApiClient.map("img", query, "include_thumbnails", "true", "top_k", "3"));
    assertThat(r.status()).isEqualTo(200);
    JsonNode matches = r.body().get("results").get(0);
    assertThat(matches.size()).isBetween(1, 3);
    assertThat(matches.get(0).get("identity").asText()).startsWith("amy/");
    assertThat(matches.get(0).get("distance").asDouble()).isLessThan(matches.get(0).get("threshold").asDouble());
    assertThat(matches.get(0).get("thumbnail").asText()).startsWith("data:image/jpeg;base64,");
    assertThat(r.body().get("gallery_faces").asInt()).isEqualTo(15);
    ApiClient.Reply json = api.post("/find", Map.of("img", dataUri(query), "top_k", 1));
    assertThat(json.body().get("results").get(0).size()).isEqualTo(1);
    assertThat(json.body().get("results").get(0).get(0).has("thumbnail")).isFalse();
  }

  @Test
  void noFaceIs422AndWrongTypesAre400() throws Exception {
    ApiClient api = new ApiClient(server);
    java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(200, 200,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(grey, "png", png);
    ApiClient.Reply r = api.post("/represent", Map.of("img", "data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png.toByteArray())));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.error()).containsIgnoringCase("face");
    assertThat(api.post("/represent", Map.of("img", 5)).status()).isEqualTo(400);
    assertThat(api.post("/represent", Map.of("img", dataUri(pair(true).first()), "align", "maybe")).error())
        .contains("'align' must be true or false");
    assertThat(api.post("/analyze", Map.of("img", dataUri(pair(true).first()), "actions", 3)).status()).isEqualTo(400);
  }

  @Test
  void everyRouteOfTheApiDescriptionAnswers() throws Exception {
    assertThat(server.awaitReady(java.time.Duration.ofMinutes(3))).isTrue();
    ApiClient api = new ApiClient(server);
    JsonNode doc = api.get("/openapi.json").body();
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    List<String> seen = new ArrayList<>();
    String face = dataUri(TestData.astronaut());
    for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        seen.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
        ApiClient.Reply reply;
        if (op.getKey().equals("get")) {
          reply = api.get(path.getKey());
        } else {
          // Every required key is an image here: fill each with a face, as the description says.
          JsonNode schema = op.getValue().at("/requestBody/content/application~1json/schema");
          Map<String, Object> body = new java.util.LinkedHashMap<>();
          schema.get("required").forEach(k -> body.put(k.asText(), face));
          reply = api.post(path.getKey(), body);
        }
        assertThat(reply.status()).as(op.getKey() + " " + path.getKey() + ": " + reply.body()).isEqualTo(200);
        assertThat(op.getValue().at("/responses/200").isMissingNode()).isFalse();
      }
    }
    assertThat(seen).contains("POST /verify", "POST /represent", "POST /analyze", "POST /find", "GET /health",
        "GET /ready", "GET /components", "GET /openapi.json");
    assertThat(seen).hasSize(server.routes().size());
  }

  @Test
  void urlEncodedFormsAreReadToo() throws Exception {
    String form = "img=" + java.net.URLEncoder.encode(dataUri(TestData.astronaut()), java.nio.charset.StandardCharsets.UTF_8)
        + "&actions=" + java.net.URLEncoder.encode("[age, gender]", java.nio.charset.StandardCharsets.UTF_8);
    ApiClient.Reply r = new ApiClient(server).post("/analyze", "application/x-www-form-urlencoded", form);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(r.body().get("results").get(0).get("dominant_gender").asText()).isEqualTo("Woman");
  }

  @Test
  void theServerCapsFacesPerImage() throws Exception {
    try (DeepFaceServer capped = DeepFaceServer.start(DeepFace.engine(), ServerConfig.builder()
        .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).workers(1).maxFaces(2).build())) {
      ApiClient api = new ApiClient(capped);
      String group = dataUri(TestData.faceapi("bbt3.jpg"));
      assertThat(api.post("/represent", Map.of("img", group, "model_name", "mobilefacenet-128")).body()
          .get("results").size()).isEqualTo(2);
      assertThat(api.post("/represent", Map.of("img", group, "model_name", "mobilefacenet-128", "max_faces", 50))
          .body().get("results").size()).isEqualTo(2);
      assertThat(api.post("/represent", Map.of("img", group, "model_name", "mobilefacenet-128", "max_faces", 1))
          .body().get("results").size()).isEqualTo(1);
    }
  }

  @Test
  void theWebPageIsServed() throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(uri("/")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.body()).contains("<html").doesNotContain("http://", "https://");
  }

  @Test
  void oversizedBodyIsRefused() throws Exception {
    String big = "{\"img\":\"" + "A".repeat(5 * 1024 * 1024) + "\"}";
    Reply r = post("/represent", big);
    assertThat(r.status()).isEqualTo(413);
  }

  @Test
  void parallelRequestsGetTheSameAnswersAsSequentialOnes() throws Exception {
    LfwPair same = pair(true);
    Map<String, String> body = Map.of("img1", dataUri(same.first()), "img2", dataUri(same.second()));
    double expected = post("/verify", body).body().get("distance").asDouble();
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      futures.add(CLIENT.sendAsync(HttpRequest.newBuilder(uri("/verify"))
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> f : futures) {
      HttpResponse<String> r = f.get();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("distance").asDouble()).isEqualTo(expected);
    }
  }
}
