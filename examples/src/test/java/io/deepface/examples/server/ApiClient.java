package io.deepface.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A small test client of the API: JSON and multipart posts, answers as JSON. */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private String token;

  ApiClient(DeepFaceServer server) {
    this.base = "http://127.0.0.1:" + server.address().getPort();
  }

  ApiClient withToken(String t) {
    this.token = t;
    return this;
  }

  record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    String error() {
      return body.path("error").asText();
    }
  }

  URI uri(String path) {
    return URI.create(base + path);
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  Reply send(HttpRequest req) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
    }
    return new Reply(r.statusCode(), body, r);
  }

  Reply post(String path, Object body) throws IOException, InterruptedException {
    return post(path, "application/json", body instanceof String s ? s : JSON.writeValueAsString(body));
  }

  Reply post(String path, String contentType, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  Reply get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  /** A multipart form: values that are Paths are sent as files, the rest as text fields. */
  Reply multipart(String path, Map<String, Object> fields) throws IOException, InterruptedException {
    String boundary = "----deepface" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      out.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
      if (e.getValue() instanceof Path p) {
        out.write(("Content-Disposition: form-data; name=\"" + e.getKey() + "\"; filename=\"" + p.getFileName()
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(Files.readAllBytes(p));
      } else if (e.getValue() instanceof byte[] bytes) {
        out.write(("Content-Disposition: form-data; name=\"" + e.getKey() + "\"; filename=\"upload.bin\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
      } else {
        out.write(("Content-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n" + e.getValue())
            .getBytes(StandardCharsets.UTF_8));
      }
      out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build());
  }

  static String dataUri(Path p) throws IOException {
    return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(p));
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
