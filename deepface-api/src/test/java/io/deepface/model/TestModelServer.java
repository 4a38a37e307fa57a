package io.deepface.model;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A model server on loopback (JDK {@link HttpServer}) with the failure modes a real one has: the
 * file, a corrupted copy, a truncated body, 404, a stalled transfer, a redirect, an npm tarball.
 */
final class TestModelServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final byte[] body;
  private volatile long delayMillis;

  TestModelServer(byte[] body) throws IOException {
    this.body = body;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  int hits(String path) {
    return hits.getOrDefault(path, new AtomicInteger()).get();
  }

  /** Makes {@code /model} wait before answering, to widen race windows. */
  void delay(long millis) {
    delayMillis = millis;
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
    try (ex) {
      switch (path) {
        case "/model" -> {
          sleep(delayMillis);
          send(ex, body);
        }
        case "/corrupt" -> {
          byte[] bad = body.clone();
          bad[bad.length / 2] ^= 0x5a;
          send(ex, bad);
        }
        case "/truncated" -> {
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body, 0, body.length / 3);
          }
        }
        case "/slow" -> {
          ex.sendResponseHeaders(200, body.length);
          OutputStream out = ex.getResponseBody();
          out.write(body, 0, 1000);
          out.flush();
          sleep(5_000);
        }
        case "/redirect" -> {
          ex.getResponseHeaders().add("Location", "/model");
          ex.sendResponseHeaders(302, -1);
        }
        default -> {
          if (path.startsWith("/registry/") && path.endsWith(".tgz")) {
            send(ex, tarball("package/model/yunet_n_dynamic.onnx", body));
          } else {
            ex.sendResponseHeaders(404, -1);
          }
        }
      }
    }
  }

  private static void send(HttpExchange ex, byte[] data) throws IOException {
    ex.sendResponseHeaders(200, data.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(data);
    }
  }

  static byte[] tarball(String entryName, byte[] content) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(buf))) {
      byte[] readme = "a package".getBytes();
      for (Object[] e : new Object[][] {{"package/README.md", readme}, {entryName, content}}) {
        TarArchiveEntry entry = new TarArchiveEntry((String) e[0]);
        byte[] data = (byte[]) e[1];
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    }
    return buf.toByteArray();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  @Override
  public String toString() {
    return "TestModelServer" + Arrays.toString(new Object[] {server.getAddress()});
  }
}
