package io.deepface.examples.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The OpenAPI 3.0 description of the routes a server serves, built from its {@link Route} table. */
final class OpenApi {
  private OpenApi() {}

  static Map<String, Object> describe(List<Route> routes, boolean authenticated) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.3");
    doc.put("info", Map.of("title", "DeepFace for Java HTTP API", "version", "1",
        "description", "Python DeepFace's API routes and request keys. Images as base64 or data URIs in JSON, or as "
            + "multipart/form-data files. Errors answer {\"error\": \"...\"}."));
    Map<String, Object> paths = new LinkedHashMap<>();
    for (Route r : routes) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(r.path(), p -> new LinkedHashMap<>());
      item.put(r.method().toLowerCase(Locale.ROOT), operation(r, authenticated));
    }
    doc.put("paths", paths);
    Map<String, Object> components = new LinkedHashMap<>();
    components.put("schemas", Map.of("Error", Map.of("type", "object", "required", List.of("error"),
        "properties", Map.of("error", Map.of("type", "string")))));
    if (authenticated) {
      components.put("securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer")));
    }
    doc.put("components", components);
    return doc;
  }

  private static Map<String, Object> operation(Route r, boolean authenticated) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("summary", r.summary());
    op.put("operationId", r.method().toLowerCase(Locale.ROOT) + r.path().replaceAll("[^A-Za-z0-9]+", "_"));
    if (authenticated && !r.open()) {
      op.put("security", List.of(Map.of("bearer", List.of())));
    }
    if (r.method().equals("POST")) {
      Map<String, Object> content = new LinkedHashMap<>();
      content.put("application/json", Map.of("schema", schema(r.fields(), false)));
      content.put("multipart/form-data", Map.of("schema", schema(r.fields(), true)));
      op.put("requestBody", Map.of("required", true, "content", content));
    }
    Map<String, Object> responses = new LinkedHashMap<>();
    responses.put("200", Map.of("description", "the result, with DeepFace's keys",
        "content", Map.of("application/json", Map.of("schema", Map.of("type", "object")))));
    if (r.method().equals("POST")) {
      responses.put("400", error("malformed request or bad image"));
      responses.put("413", error("body or image over the limit"));
      responses.put("415", error("neither JSON nor a form"));
      responses.put("422", error("no face, or a spoof, found"));
    }
    if (authenticated && !r.open()) {
      responses.put("401", error("missing or wrong bearer token"));
    }
    if (r.pooled() || r.path().equals("/ready")) {
      responses.put("503", error("busy, timed out or not ready; see Retry-After"));
    }
    op.put("responses", responses);
    return op;
  }

  private static Map<String, Object> error(String description) {
    return Map.of("description", description,
        "content", Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))));
  }

  private static Map<String, Object> schema(List<Route.Field> fields, boolean form) {
    Map<String, Object> props = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Route.Field f : fields) {
      Map<String, Object> p = new LinkedHashMap<>();
      switch (f.type()) {
        case IMAGE -> {
          p.put("type", "string");
          if (form) {
            p.put("format", "binary");
          }
        }
        case STRING -> p.put("type", "string");
        case INTEGER -> p.put("type", form ? "string" : "integer");
        case NUMBER -> p.put("type", form ? "string" : "number");
        case BOOLEAN -> p.put("type", form ? "string" : "boolean");
        case NAMES -> {
          if (form) {
            p.put("type", "string");
          } else {
            p.put("type", "array");
            p.put("items", Map.of("type", "string"));
          }
        }
        default -> throw new IllegalStateException(f.type().name());
      }
      p.put("description", f.description());
      props.put(f.name(), p);
      if (f.required()) {
        required.add(f.name());
      }
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    if (!required.isEmpty()) {
      s.put("required", required);
    }
    s.put("properties", props);
    return s;
  }
}
