package io.deepface.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.deepface.DeepFace;
import io.deepface.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication, the image root, and image URLs with their SSRF checks. */
class ServerSecurityTest {
  private static final String TOKEN = "s3cret-token-4a1f9";

  private static ServerConfig.Builder config() {
    return ServerConfig.builder().address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).workers(2);
  }

  @Test
  void aTokenGuardsEveryRouteButHealthAndIsNeverLogged() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    ServerConfig cfg = config().authToken(TOKEN).accessLog(log::add).build();
    assertThat(cfg.toString()).doesNotContain(TOKEN);
    try (DeepFaceServer server = DeepFaceServer.start(DeepFace.engine(), cfg)) {
      ApiClient anonymous = new ApiClient(server);
      assertThat(anonymous.get("/health").status()).isEqualTo(200);
      String face = ApiClient.dataUri(TestData.astronaut());
      for (Route r : server.routes()) {
        if (r.path().equals("/health")) {
          continue;
        }
        ApiClient.Reply reply = r.method().equals("GET") ? anonymous.get(r.path())
            : anonymous.post(r.path(), Map.of("img", face));
        assertThat(reply.status()).as(r.path()).isEqualTo(401);
        assertThat(reply.error()).contains("Bearer");
        assertThat(reply.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
      }
      ApiClient wrong = new ApiClient(server).withToken(TOKEN + "x");
      assertThat(wrong.get("/components").status()).isEqualTo(401);
      assertThat(wrong.get("/components").error()).contains("wrong");
      ApiClient shortToken = new ApiClient(server).withToken("s");
      assertThat(shortToken.get("/components").status()).isEqualTo(401);
      ApiClient right = new ApiClient(server).withToken(TOKEN);
      assertThat(right.get("/components").status()).isEqualTo(200);
      assertThat(right.post("/represent", Map.of("img", face)).status()).isEqualTo(200);
      assertThat(right.get("/openapi.json").body().at("/components/securitySchemes/bearer/scheme").asText())
          .isEqualTo("bearer");
      // The page itself holds no data; it asks for the token and sends it with its calls.
      HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(anonymous.uri("/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
    }
    assertThat(log).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(TOKEN).doesNotContain("base64"));
    assertThat(log).anySatisfy(line -> assertThat(line).contains("POST /represent 200"));
    assertThat(log).anySatisfy(line -> assertThat(line).contains("GET /components 401"));
  }

  @Test
  void pathsAreReadOnlyUnderTheImageRoot(@TempDir Path tmp) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createDirectories(root.resolve("sub"));
    Files.copy(TestData.astronaut(), root.resolve("sub/face.png"));
    Path outside = Files.copy(TestData.astronaut(), tmp.resolve("outside.png"));
    Files.createSymbolicLink(root.resolve("link.png"), outside);
    Files.createSymbolicLink(root.resolve("dirlink"), tmp);
    try (DeepFaceServer server = DeepFaceServer.start(DeepFace.engine(), config().imageRoot(root).build())) {
      ApiClient api = new ApiClient(server);
      assertThat(api.post("/represent", Map.of("img", "sub/face.png")).status()).isEqualTo(200);
      assertThat(api.post("/represent", Map.of("img", "sub/../sub/face.png")).status()).isEqualTo(200);
      assertThat(api.post("/represent", Map.of("img", root.resolve("sub/face.png").toString())).status())
          .isEqualTo(200);
      for (String bad : List.of("../outside.png", "sub/../../outside.png", outside.toString(), "/etc/passwd",
          "dirlink/outside.png")) {
        ApiClient.Reply r = api.post("/represent", Map.of("img", bad));
        assertThat(r.status()).as(bad).isEqualTo(400);
        assertThat(r.error()).as(bad).contains("outside the image root");
      }
      ApiClient.Reply link = api.post("/represent", Map.of("img", "link.png"));
      assertThat(link.status()).isEqualTo(400);
      assertThat(link.error()).contains("a link leads out");
      ApiClient.Reply missing = api.post("/represent", Map.of("img", "sub/none.png"));
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.error()).contains("no such file");
      assertThat(api.post("/represent", Map.of("img", "./sub")).error()).contains("not a file");
    }
    try (DeepFaceServer server = DeepFaceServer.start(DeepFace.engine(), config().build())) {
      ApiClient.Reply r = new ApiClient(server).post("/represent", Map.of("img", root.resolve("sub/face.png").toString()));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.error()).contains("--image-root");
    }
  }

  /** A file server on a loopback address: /face.png, /redirect (to {@code redirectTo}), /big, /slow. */
  private static HttpServer fileServer(String address, String redirectTo) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 16);
    byte[] face = Files.readAllBytes(TestData.astronaut());
    s.createContext("/face.png", ex -> {
      ex.sendResponseHeaders(200, face.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(face);
      }
    });
    s.createContext("/redirect", ex -> {
      ex.getResponseHeaders().set("Location", redirectTo);
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    s.createContext("/big", ex -> {
      ex.sendResponseHeaders(200, 0);
      try (OutputStream o = ex.getResponseBody()) {
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 64; i++) {
          o.write(chunk);
        }
      } catch (IOException e) {
        // the fetcher hung up: expected
      }
    });
    s.createContext("/slow", ex -> {
      try {
        Thread.sleep(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.sendResponseHeaders(200, face.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(face);
      } catch (IOException e) {
        // the fetcher gave up: expected
      }
    });
    s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    s.start();
    return s;
  }

  @Test
  void imageUrlsAreOffByDefaultAndNeverReachPrivateAddresses() throws Exception {
    HttpServer files = fileServer("127.0.0.1", "/face.png");
    String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/face.png";
    try {
      try (DeepFaceServer off = DeepFaceServer.start(DeepFace.engine(), config().build())) {
        ApiClient.Reply r = new ApiClient(off).post("/represent", Map.of("img", url));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).contains("--allow-image-urls");
      }
      try (DeepFaceServer pub = DeepFaceServer.start(DeepFace.engine(), config().allowImageUrls(true).build())) {
        ApiClient api = new ApiClient(pub);
        for (String u : List.of(url, "http://localhost:" + files.getAddress().getPort() + "/face.png",
            "http://[::1]:" + files.getAddress().getPort() + "/face.png", "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.1/x.jpg", "http://0.0.0.0:" + files.getAddress().getPort() + "/face.png")) {
          ApiClient.Reply r = api.post("/represent", Map.of("img", u));
          assertThat(r.status()).as(u).isEqualTo(400);
          assertThat(r.error()).as(u).contains("private");
        }
        assertThat(api.post("/represent", Map.of("img", "ftp://127.0.0.1/x.jpg")).status()).isEqualTo(400);
      }
      try (DeepFaceServer priv = DeepFaceServer.start(DeepFace.engine(), config().allowImageUrls(true)
          .allowPrivateImageUrls(true).build())) {
        ApiClient.Reply r = new ApiClient(priv).post("/represent", Map.of("img", url));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("results").size()).isEqualTo(1);
      }
    } finally {
      files.stop(0);
    }
  }

  @Test
  void everyRedirectIsCheckedAndFetchesAreBounded() throws Exception {
    // 127.0.0.2 stands for a private address and 127.0.0.1 for a public one: both are loopback on this machine.
    HttpServer inner = fileServer("127.0.0.2", "/face.png");
    String innerUrl = "http://127.0.0.2:" + inner.getAddress().getPort() + "/face.png";
    HttpServer outer = fileServer("127.0.0.1", innerUrl);
    String base = "http://127.0.0.1:" + outer.getAddress().getPort();
    Predicate<InetAddress> publicHere = a -> !a.getHostAddress().equals("127.0.0.2");
    try (DeepFaceServer server = DeepFaceServer.start(DeepFace.engine(), config().allowImageUrls(true)
        .urlAddressCheck(publicHere).maxImageUrlBytes(1024 * 1024).imageUrlTimeout(Duration.ofSeconds(2)).build())) {
      ApiClient api = new ApiClient(server);
      assertThat(api.post("/represent", Map.of("img", base + "/face.png")).status()).isEqualTo(200);
      ApiClient.Reply redirected = api.post("/represent", Map.of("img", base + "/redirect"));
      assertThat(redirected.status()).isEqualTo(400);
      assertThat(redirected.error()).contains("127.0.0.2").contains("private");
      ApiClient.Reply big = api.post("/represent", Map.of("img", base + "/big"));
      assertThat(big.status()).isEqualTo(400);
      assertThat(big.error()).contains("over the limit of 1048576 bytes");
      long t0 = System.nanoTime();
      ApiClient.Reply slow = api.post("/represent", Map.of("img", base + "/slow"));
      assertThat(slow.status()).isEqualTo(400);
      assertThat(slow.error()).contains("longer than 2 s");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
      assertThat(api.post("/represent", Map.of("img", base + "/nothing-here.png")).error()).contains("HTTP 404");
    } finally {
      outer.stop(0);
      inner.stop(0);
    }
  }

  @Test
  void onlyPublicAddressesCountAsPublic() throws Exception {
    for (String a : List.of("8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "93.184.216.34")) {
      assertThat(UrlFetcher.isPublic(InetAddress.getByName(a))).as(a).isTrue();
    }
    for (String a : List.of("127.0.0.1", "127.1.2.3", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
        "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1",
        "198.18.0.1", "192.0.0.8")) {
      assertThat(UrlFetcher.isPublic(InetAddress.getByName(a))).as(a).isFalse();
    }
  }
}
