package io.deepface.examples.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.deepface.FaceEngine;
import io.deepface.FaceNotDetectedException;
import io.deepface.SpoofDetectedException;
import io.deepface.analysis.AttributeNotAvailableException;
import io.deepface.examples.json.Json;
import io.deepface.examples.json.ResultJson;
import io.deepface.image.InvalidImageException;
import io.deepface.spi.ComponentNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP API over a {@link FaceEngine}, with Python DeepFace's routes and request keys:
 * {@code POST /verify {img1, img2, model_name, detector_backend, distance_metric, align, enforce_detection,
 * anti_spoofing}}, {@code POST /represent {img, ...}}, {@code POST /analyze {img, actions, ...}}, plus
 * {@code GET /components} and {@code GET /health}. Images are base64 strings or data URIs; server-side
 * paths are refused. Errors answer {@code {"error": "..."}} with 400 (bad request, bad image, no face,
 * spoof, unknown model), 404, 405, 413 (body over the limit) or 500.
 *
 * <p>Requests run on a fixed pool of threads sharing the engine's models.
 */
public final class DeepFaceServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeepFaceServer.class);

  private final HttpServer server;
  private final ExecutorService pool;
  private final FaceEngine engine;
  private final long maxBodyBytes;

  private DeepFaceServer(HttpServer server, ExecutorService pool, FaceEngine engine, long maxBodyBytes) {
    this.server = server;
    this.pool = pool;
    this.engine = engine;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Starts serving on {@code address} (port 0 picks a free port) with {@code threads} request threads. */
  public static DeepFaceServer start(InetSocketAddress address, FaceEngine engine, int threads, long maxBodyBytes)
      throws IOException {
    HttpServer http = HttpServer.create(address, 64);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    DeepFaceServer s = new DeepFaceServer(http, pool, engine, maxBodyBytes);
    http.setExecutor(pool);
    http.createContext("/", s::handle);
    http.start();
    LOG.info("DeepFace API listening on {}", s.address());
    return s;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      try {
        Object body = switch (path) {
          case "/health" -> {
            requireMethod(method, "GET");
            yield Map.of("status", "ok");
          }
          case "/components" -> {
            requireMethod(method, "GET");
            yield ResultJson.components(engine.registry());
          }
          case "/verify" -> {
            JsonNode req = readJson(ex, method);
            yield ResultJson.verify(engine.verify(RequestOptions.image(req, "img1"), RequestOptions.image(req, "img2"),
                RequestOptions.face(req)));
          }
          case "/represent" -> {
            JsonNode req = readJson(ex, method);
            yield Map.of("results", engine.represent(RequestOptions.image(req, "img"), RequestOptions.face(req))
                .stream().map(ResultJson::representation).toList());
          }
          case "/analyze" -> {
            JsonNode req = readJson(ex, method);
            yield Map.of("results", engine.analyze(RequestOptions.image(req, "img"), RequestOptions.analysis(req),
                RequestOptions.face(req)).stream().map(ResultJson::analysis).toList());
          }
          default -> throw new ApiException(404, "no route " + path + "; routes: /verify, /represent, /analyze, /components, /health");
        };
        send(ex, 200, body);
      } catch (ApiException e) {
        send(ex, e.status(), error(e.getMessage()));
      } catch (InvalidImageException | FaceNotDetectedException | SpoofDetectedException | ComponentNotFoundException
          | AttributeNotAvailableException | IllegalArgumentException e) {
        send(ex, 400, error(e.getMessage()));
      } catch (RuntimeException e) {
        LOG.error("{} {} failed", method, path, e);
        send(ex, 500, error("internal error: " + e.getMessage()));
      }
    }
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new ApiException(405, "use " + allowed);
    }
  }

  private JsonNode readJson(HttpExchange ex, String method) throws IOException {
    requireMethod(method, "POST");
    byte[] bytes;
    try (InputStream in = ex.getRequestBody()) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
    }
    if (bytes.length > maxBodyBytes) {
      throw new ApiException(413, "request body is over the limit of " + maxBodyBytes + " bytes");
    }
    try {
      JsonNode node = Json.MAPPER.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new ApiException(400, "the body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "the body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static Map<String, Object> error(String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    return m;
  }

  private static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] out = Json.write(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, out.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(out);
    }
  }

  /** Stops accepting requests, lets running ones finish (up to 5 seconds) and stops the threads. */
  @Override
  public void close() {
    server.stop(1);
    pool.shutdown();
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
