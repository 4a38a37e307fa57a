package io.deepface.examples.server;

import java.util.List;
import java.util.Objects;

/**
 * One route of the API: what {@link DeepFaceServer} serves and what {@code GET /openapi.json} describes, from the
 * same object, so the description cannot drift from the server. Add a route by passing one to
 * {@link DeepFaceServer#start(io.deepface.FaceEngine, ServerConfig, List)}; its handler reads the request through
 * {@link ApiRequest} (the same parsing, validation and limits as every route) and returns the JSON body (a map or
 * a list) of a 200 answer, or throws {@link ApiException} with the status of a refusal.
 *
 * @param method GET or POST
 * @param path the path, for example {@code /verify}
 * @param summary one line for the API description
 * @param fields the request keys (for POST routes), as in the API description
 * @param pooled whether the handler computes on the bounded worker pool (with the request timeout and 503 when
 *     full); false for cheap answers (health, the API description)
 * @param open whether it answers without the bearer token when the server requires one ({@code /health} only)
 * @param handler the work
 */
public record Route(String method, String path, String summary, List<Field> fields, boolean pooled, boolean open,
    Handler handler) {

  public Route {
    if (!method.equals("GET") && !method.equals("POST")) {
      throw new IllegalArgumentException("GET or POST, got " + method);
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a path starts with /, got " + path);
    }
    Objects.requireNonNull(summary, "summary");
    fields = List.copyOf(fields);
    Objects.requireNonNull(handler, "handler");
  }

  /** A POST route computed on the worker pool. */
  public static Route post(String path, String summary, List<Field> fields, Handler handler) {
    return new Route("POST", path, summary, fields, true, false, handler);
  }

  /** A cheap GET route answered at once. */
  public static Route get(String path, String summary, Handler handler) {
    return new Route("GET", path, summary, List.of(), false, false, handler);
  }

  /** The work of a route. */
  @FunctionalInterface
  public interface Handler {
    /** The JSON body of the 200 answer ({@link Answer} for another status). */
    Object handle(ApiRequest request) throws Exception;
  }

  /** A body with a status other than 200 (for example {@code /ready} answering 503 while models load). */
  public record Answer(int status, Object body) {}

  /** The kind of a request key, as the API description names it. */
  public enum Type {
    /** A file upload, a base64 string or data URI (or a URL or path where the server allows them). */
    IMAGE,
    STRING,
    INTEGER,
    NUMBER,
    BOOLEAN,
    /** A list of names, or a string such as {@code "[age, gender]"} in a form. */
    NAMES
  }

  /** One request key. */
  public record Field(String name, Type type, boolean required, String description) {
    public static Field image(String name, String description) {
      return new Field(name, Type.IMAGE, true, description);
    }

    public static Field optional(String name, Type type, String description) {
      return new Field(name, type, false, description);
    }
  }

  /** DeepFace's face keys, which every face route takes. */
  public static final List<Field> FACE_FIELDS = List.of(
      Field.optional("model_name", Type.STRING, "embedder (GET /components lists them; DeepFace's names are not all here)"),
      Field.optional("detector_backend", Type.STRING, "face detector"),
      Field.optional("distance_metric", Type.STRING, "cosine, euclidean, euclidean_l2 or angular"),
      Field.optional("align", Type.BOOLEAN, "align faces before embedding (default true)"),
      Field.optional("enforce_detection", Type.BOOLEAN, "answer 422 when no face is found (default true)"),
      Field.optional("anti_spoofing", Type.BOOLEAN, "answer 422 when a face is a spoof (default false)"),
      Field.optional("expand_percentage", Type.NUMBER, "grow each face box by this percentage"),
      Field.optional("max_faces", Type.INTEGER, "at most this many faces (the server caps it)"),
      Field.optional("min_face_size", Type.INTEGER, "ignore faces narrower than this many pixels"),
      Field.optional("min_confidence", Type.NUMBER, "ignore detections below this confidence, 0 to 1"),
      Field.optional("threshold", Type.NUMBER, "distance threshold (default: the calibrated one)"));
}
