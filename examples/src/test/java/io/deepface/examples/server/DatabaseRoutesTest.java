package io.deepface.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepface.DeepFace;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.testing.TestData;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /register}, {@code /search}, {@code /build/index} and {@code /database} over an in-process face database. */
class DatabaseRoutesTest {
  private static DeepFaceServer server;
  private static FaceDatabase database;
  private static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    database = FaceDatabase.open(DeepFace.engine(), "exact", Map.of(), FaceDatabaseOptions.defaults());
    server = DeepFaceServer.start(DeepFace.engine(), ServerConfig.builder()
        .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).workers(2).build(),
        DatabaseRoutes.of(database));
    api = new ApiClient(server);
  }

  @AfterAll
  static void stop() {
    server.close();
    database.close();
  }

  @Test
  void registeredPeopleAreFoundByOtherPhotosOfThem() throws Exception {
    ApiClient.Reply colin = api.post("/register", ApiClient.map("img",
        ApiClient.dataUri(TestData.lfw("Colin_Powell_0040.jpg")), "img_name", "Colin Powell"));
    assertThat(colin.status()).as(colin.body().toString()).isEqualTo(200);
    assertThat(colin.body().get("inserted").asInt()).isEqualTo(1);
    ApiClient.Reply jennifer = api.multipart("/register", ApiClient.map("img",
        TestData.lfw("Jennifer_Garner_0001.jpg")));
    assertThat(jennifer.status()).as(jennifer.body().toString()).isEqualTo(200);
    assertThat(jennifer.body().get("img_name").asText()).isEqualTo("Jennifer_Garner_0001.jpg");
    ApiClient.Reply again = api.post("/register", ApiClient.map("img",
        ApiClient.dataUri(TestData.lfw("Colin_Powell_0040.jpg")), "img_name", "Colin Powell"));
    assertThat(again.body().get("inserted").asInt()).as("registering again duplicates nothing").isZero();

    ApiClient.Reply search = api.post("/search", ApiClient.map("img",
        ApiClient.dataUri(TestData.lfw("Colin_Powell_0049.jpg")), "top_k", 5));
    assertThat(search.status()).as(search.body().toString()).isEqualTo(200);
    JsonNode best = search.body().get("results").get(0).get(0);
    assertThat(best.get("img_name").asText()).isEqualTo("Colin Powell");
    assertThat(best.get("distance").asDouble()).isLessThanOrEqualTo(best.get("threshold").asDouble());
    ApiClient.Reply stranger = api.post("/search", ApiClient.map("img",
        ApiClient.dataUri(TestData.lfw("Tony_Blair_0018.jpg"))));
    assertThat(stranger.body().get("results").get(0)).isEmpty();

    int faces = colin.body().get("faces").size() + jennifer.body().get("faces").size();
    ApiClient.Reply info = api.get("/database");
    assertThat(info.body().get("count").asInt()).isEqualTo(faces);
    assertThat(info.body().get("store").asText()).isEqualTo("exact");
    assertThat(api.post("/build/index", ApiClient.map()).body().get("count").asInt()).isEqualTo(faces);
  }

  @Test
  void requestsThatWouldMixEmbeddingsOrLackANameAreRefused() throws Exception {
    ApiClient.Reply otherModel = api.post("/search", ApiClient.map("img",
        ApiClient.dataUri(TestData.lfw("Colin_Powell_0049.jpg")), "model_name", "mobilefacenet-128"));
    assertThat(otherModel.status()).isEqualTo(400);
    assertThat(otherModel.body().get("error").asText()).contains("mobilefacenet-128");
    ApiClient.Reply noName = api.post("/register", ApiClient.map("img",
        ApiClient.dataUri(TestData.lfw("Colin_Powell_0049.jpg"))));
    assertThat(noName.status()).isEqualTo(400);
    assertThat(noName.body().get("error").asText()).contains("img_name");
    ApiClient.Reply method = api.post("/search", ApiClient.map("img",
        ApiClient.dataUri(TestData.lfw("Colin_Powell_0049.jpg")), "search_method", "magic"));
    assertThat(method.status()).isEqualTo(400);
    ApiClient.Reply adapter = api.post("/search", ApiClient.map("img",
        ApiClient.dataUri(TestData.lfw("Colin_Powell_0049.jpg")), "model_name", "fusion+adapter:/etc/passwd"));
    assertThat(adapter.status()).isEqualTo(400);
    assertThat(adapter.body().get("error").asText()).contains("adapter");
  }
}
