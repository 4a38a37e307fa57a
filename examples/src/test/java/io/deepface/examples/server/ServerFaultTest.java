package io.deepface.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepface.DeepFace;
import io.deepface.testing.TestData;
import io.deepface.testing.TestData.LfwPair;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input and hostile clients over HTTP, each answered with its 4xx while the server goes on serving; overload
 * answered 503 at once; afterwards a normal request is still right and threads and heap are back near their start.
 * Bounded: about half a minute.
 */
class ServerFaultTest {
  private static DeepFaceServer server;
  private static ApiClient api;
  private static final long MAX_BODY = 2L * 1024 * 1024;

  @BeforeAll
  static void start() throws Exception {
    server = DeepFaceServer.start(DeepFace.engine(), ServerConfig.builder()
        .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).workers(2).queue(2)
        .maxBodyBytes(MAX_BODY).idleTimeout(Duration.ofSeconds(3)).minRequestDataRate(4096)
        .requestTimeout(Duration.ofSeconds(60)).build());
    assertThat(server.awaitReady(Duration.ofMinutes(3))).isTrue();
    api = new ApiClient(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static LfwPair pair(boolean same, int n) {
    return TestData.lfwPairs().stream().filter(p -> p.fold() == 2 && p.same() == same).skip(n).findFirst().orElseThrow();
  }

  private static Map<String, Object> verifyBody(LfwPair p) throws IOException {
    return Map.of("img1", ApiClient.dataUri(p.first()), "img2", ApiClient.dataUri(p.second()));
  }

  private static void assertRefused(ApiClient.Reply r, int status, String words) {
    assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
    assertThat(r.error()).containsIgnoringCase(words).doesNotContain("Exception", "\tat ");
  }

  @Test
  void badInputGetsItsStatusAndTheServerRecovers() throws Exception {
    // A first normal request loads everything; then the baseline.
    LfwPair same = pair(true, 0);
    assertThat(api.post("/verify", verifyBody(same)).body().get("verified").asBoolean()).isTrue();
    int threadsBefore = threads();
    long heapBefore = heap();

    assertRefused(api.post("/verify", "application/json", ""), 400, "empty");
    assertRefused(api.post("/verify", "{\"img1\": "), 400, "not valid JSON");
    assertRefused(api.post("/verify", "[1, 2]"), 400, "must be a JSON object");
    assertRefused(api.post("/verify", "\"img\""), 400, "must be a JSON object");
    assertRefused(api.post("/verify", Map.of("img1", ApiClient.dataUri(same.first()))), 400, "missing 'img2'");
    assertRefused(api.post("/verify", Map.of("img1", 12, "img2", true)), 400, "must be a string");
    assertRefused(api.post("/represent", Map.of("img", ApiClient.dataUri(same.first()), "max_faces", "many")), 400,
        "whole number");
    assertRefused(api.post("/represent", Map.of("img", ApiClient.dataUri(same.first()), "max_faces", 0)), 400,
        "at least 1");
    byte[] jpeg = Files.readAllBytes(same.first());
    assertRefused(api.post("/represent", Map.of("img", "data:image/jpeg;base64,"
        + Base64.getEncoder().encodeToString(Arrays.copyOf(jpeg, jpeg.length / 3)))), 400, "");
    assertRefused(api.post("/represent", Map.of("img", Base64.getEncoder().encodeToString(
        "just some words, not an image".getBytes(StandardCharsets.UTF_8)))), 400, "not a recognised image");
    assertRefused(api.post("/represent", Map.of("img", "data:image/png;base64,"
        + Base64.getEncoder().encodeToString(pngHeader(100_000, 100_000)))), 413, "pixels");
    assertRefused(api.post("/represent", "{\"img\": \"" + "A".repeat((int) MAX_BODY + 10) + "\"}"), 413,
        "over the limit");
    assertRefused(api.post("/represent", "text/plain", "img=abc"), 415, "unsupported content type");
    assertRefused(api.post("/represent", "application/xml", "<img/>"), 415, "unsupported content type");
    assertRefused(api.multipart("/represent", ApiClient.map("model_name", "fusion")), 400, "missing 'img'");
    assertRefused(api.multipart("/represent", ApiClient.map("img", new byte[MAX_BODY_PLUS])),
        413, "");
    for (String path : List.of("../../etc/passwd", "/etc/passwd", "..\\\\..\\\\windows\\\\win.ini", "~/.ssh/id_rsa",
        "file.jpg")) {
      assertRefused(api.post("/represent", Map.of("img", path)), 400, "");
    }
    assertRefused(api.get("/nowhere"), 404, "no route");
    assertRefused(api.send(api.request("/verify").PUT(HttpRequest.BodyPublishers.ofString("{}")).build()), 405,
        "not allowed");

    slowClientIsCutOff();
    silentConnectionsHoldNoWorker();

    // Still right afterwards.
    LfwPair diff = pair(false, 0);
    assertThat(api.post("/verify", verifyBody(same)).body().get("verified").asBoolean()).isTrue();
    assertThat(api.post("/verify", verifyBody(diff)).body().get("verified").asBoolean()).isFalse();
    // Threads back near their start once idle HTTP threads time out (the idle timeout, 3 s), heap too.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (threads() > threadsBefore + 4 && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertThat(threads()).as("threads before: " + threadsBefore + ", now: " + Thread.getAllStackTraces().keySet()
        .stream().map(Thread::getName).sorted().toList()).isLessThanOrEqualTo(threadsBefore + 4);
    assertThat(heap()).as("heap before: " + heapBefore).isLessThan(heapBefore + 96L * 1024 * 1024);
  }

  private static final int MAX_BODY_PLUS = (int) MAX_BODY + 1024;

  /** A body sent a byte at a time is cut off (408) well before it ends; it never reaches a worker. */
  private static void slowClientIsCutOff() throws Exception {
    long t0 = System.nanoTime();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
      s.setSoTimeout(15_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = null;
      InputStream in = s.getInputStream();
      try {
        for (int i = 0; i < 200 && answer == null; i++) {
          out.write('{');
          out.flush();
          Thread.sleep(50);
          if (in.available() > 0) {
            answer = new String(in.readNBytes(in.available()), StandardCharsets.US_ASCII);
          }
        }
      } catch (IOException closed) {
        // The server closed the connection: cut off too.
        answer = "closed";
      }
      if (answer == null) {
        answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      }
      assertThat(answer).as("answer to a slow body").matches("(?s)(HTTP/1.1 408.*|closed)");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(api.get("/health").status()).isEqualTo(200);
  }

  /** 200 connections that send nothing: the server answers others meanwhile and closes them after the idle timeout. */
  private static void silentConnectionsHoldNoWorker() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
        s.setSoTimeout(10_000);
        sockets.add(s);
      }
      long t0 = System.nanoTime();
      assertThat(api.get("/health").status()).isEqualTo(200);
      assertThat(api.post("/verify", verifyBody(pair(true, 1))).body().get("verified").asBoolean()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
      int closed = 0;
      for (Socket s : sockets) {
        try {
          if (s.getInputStream().read() == -1) {
            closed++;
          }
        } catch (SocketTimeoutException e) {
          // still open after 10 s: counted as not closed
        } catch (IOException e) {
          closed++;
        }
      }
      assertThat(closed).as("idle connections the server closed").isEqualTo(200);
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  @Test
  void aBurstBeyondTheQueueGets503AtOnceWhileAdmittedRequestsSucceed() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    LfwPair same = pair(true, 2);
    String body = ApiClient.JSON.writeValueAsString(verifyBody(same));
    List<CompletableFuture<Map.Entry<HttpResponse<String>, Long>>> replies = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < 40; i++) {
      long sent = System.nanoTime();
      replies.add(client.sendAsync(api.request("/verify").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
          .thenApply(r -> Map.entry(r, System.nanoTime() - sent)));
    }
    int ok = 0;
    int busy = 0;
    for (CompletableFuture<Map.Entry<HttpResponse<String>, Long>> f : replies) {
      HttpResponse<String> r = f.get().getKey();
      Duration took = Duration.ofNanos(f.get().getValue());
      JsonNode json = ApiClient.JSON.readTree(r.body());
      if (r.statusCode() == 200) {
        ok++;
        assertThat(json.get("verified").asBoolean()).isTrue();
      } else {
        busy++;
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(json.get("error").asText()).contains("busy");
        // Refused at once, not after waiting: well under one verification's time on a loaded machine.
        assertThat(took).isLessThan(Duration.ofSeconds(5));
      }
    }
    assertThat(ok).isGreaterThanOrEqualTo(4); // 2 workers + 2 queued at least
    assertThat(busy).isPositive();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void aRequestOverTheTimeLimitGets503() throws Exception {
    try (DeepFaceServer quick = DeepFaceServer.start(DeepFace.engine(), ServerConfig.builder()
        .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).workers(1).queue(1)
        .requestTimeout(Duration.ofMillis(30)).build())) {
      ApiClient.Reply r = new ApiClient(quick).post("/analyze", Map.of("img", ApiClient.dataUri(TestData.faceapi(
          "bbt1.jpg")), "actions", List.of("age", "gender", "emotion", "race")));
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.error()).contains("longer than");
      assertThat(r.raw().headers().firstValue("Retry-After")).isPresent();
    }
  }

  private static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static long heap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** A PNG that claims width x height: its signature and header chunk only. */
  static byte[] pngHeader(int width, int height) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    DataOutputStream c = new DataOutputStream(chunk);
    c.writeBytes("IHDR");
    c.writeInt(width);
    c.writeInt(height);
    c.write(new byte[] {8, 2, 0, 0, 0});
    byte[] data = chunk.toByteArray();
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(13);
    d.write(data);
    CRC32 crc = new CRC32();
    crc.update(data);
    d.writeInt((int) crc.getValue());
    return out.toByteArray();
  }
}
