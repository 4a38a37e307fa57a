package io.deepface.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.DeepFace;
import io.deepface.testing.TestData;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Graceful stop in process. The deployed form ({@code deepface-cli.jar serve}, SIGTERM while a request runs, exit
 * code 0) is checked by the browser test, examples/src/test/browser/page-test.mjs, which runs the built jar.
 */
class ServerLifecycleTest {
  private static String analyzeBody() throws Exception {
    return ApiClient.JSON.writeValueAsString(Map.of("img", ApiClient.dataUri(TestData.faceapi("bbt2.jpg")),
        "actions", List.of("age", "gender", "emotion", "race")));
  }

  @Test
  void closeLetsRunningRequestsFinishAndThenRefusesConnections() throws Exception {
    DeepFaceServer server = DeepFaceServer.start(DeepFace.engine(), ServerConfig.builder()
        .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).workers(1).build());
    int port = server.address().getPort();
    ApiClient api = new ApiClient(server);
    CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(api.request("/analyze")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(analyzeBody())).build(),
        HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (server.running() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(server.running()).isEqualTo(1);
    long t0 = System.nanoTime();
    server.close();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(12));
    HttpResponse<String> r = inFlight.get(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(ApiClient.JSON.readTree(r.body()).get("results").size()).isPositive();
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .isInstanceOf(ConnectException.class);
  }
}
