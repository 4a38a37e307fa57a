package io.deepface.examples.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepface.AnalyzeOptions;
import io.deepface.FaceOptions;
import io.deepface.examples.json.Json;
import io.deepface.image.ImageInput;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.BadMessageException;

/**
 * One API request, read and checked before any work is queued: a JSON object (DeepFace's way), or the fields of a
 * {@code multipart/form-data} or {@code application/x-www-form-urlencoded} form (strings), with uploaded files.
 * Route handlers read their keys through it, so a new route parses and validates as the others do:
 * {@link #image}, {@link #text}, {@link #integer}, {@link #bool}, {@link #faceOptions}, {@link #analyzeOptions}.
 * Every problem is an {@link ApiException} with the status to answer.
 */
public final class ApiRequest {
  private final ObjectNode fields;
  private final Map<String, byte[]> files;
  private final Map<String, String> fileNames;
  private final boolean form;
  private final ImageResolver images;
  private final int maxFaces;

  private ApiRequest(ObjectNode fields, Map<String, byte[]> files, Map<String, String> fileNames, boolean form,
      ImageResolver images, int maxFaces) {
    this.fields = fields;
    this.files = files;
    this.fileNames = fileNames;
    this.form = form;
    this.images = images;
    this.maxFaces = maxFaces;
  }

  /** A request of the given fields (for tests and for routes that build sub-requests). */
  static ApiRequest of(ObjectNode fields, ImageResolver images, int maxFaces) {
    return new ApiRequest(fields, Map.of(), Map.of(), false, images, maxFaces);
  }

  /** Reads the body of {@code ctx}: JSON, multipart or url-encoded form (415 otherwise), at most maxBody bytes. */
  static ApiRequest read(Context ctx, long maxBody, ImageResolver images, int maxFaces) {
    long length = ctx.req().getContentLengthLong();
    if (length > maxBody) {
      throw new ApiException(413, "the request body (" + length + " bytes) is over the limit of " + maxBody + " bytes");
    }
    String type = ctx.contentType() == null ? "" : ctx.contentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (type.isEmpty() || type.equals("application/json") || type.endsWith("+json")) {
      return new ApiRequest(json(ctx, maxBody), Map.of(), Map.of(), false, images, maxFaces);
    }
    if (type.equals("multipart/form-data") || type.equals("application/x-www-form-urlencoded")) {
      return form(ctx, type.startsWith("multipart"), images, maxFaces);
    }
    throw new ApiException(415, "unsupported content type '" + type + "': send application/json (images as base64 "
        + "or data URIs) or multipart/form-data (images as files)");
  }

  private static ObjectNode json(Context ctx, long maxBody) {
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      bytes = in.readNBytes((int) maxBody + 1);
    } catch (IOException e) {
      throw new ApiException(400, "the request body could not be read: " + e.getMessage());
    }
    if (bytes.length > maxBody) {
      throw new ApiException(413, "the request body is over the limit of " + maxBody + " bytes");
    }
    if (bytes.length == 0) {
      throw new ApiException(400, "the request body is empty: send a JSON object such as {\"img\": \"data:image/jpeg;base64,...\"}");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiException(400, "the body could not be read as JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new ApiException(400, "the body must be a JSON object, got " + (node == null ? "nothing" : node.getNodeType()
          .name().toLowerCase(Locale.ROOT)));
    }
    return (ObjectNode) node;
  }

  private static ApiRequest form(Context ctx, boolean multipart, ImageResolver images, int maxFaces) {
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    Map<String, byte[]> files = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    try {
      if (multipart) {
        for (Map.Entry<String, List<UploadedFile>> e : ctx.uploadedFileMap().entrySet()) {
          UploadedFile f = e.getValue().get(0);
          try (InputStream in = f.content()) {
            files.put(e.getKey(), in.readAllBytes());
          }
          names.put(e.getKey(), "upload '" + e.getKey() + "'" + (f.filename() == null || f.filename().isBlank() ? ""
              : " (" + f.filename() + ")"));
        }
      }
      for (Map.Entry<String, List<String>> e : ctx.formParamMap().entrySet()) {
        if (!files.containsKey(e.getKey()) && !e.getValue().isEmpty()) {
          fields.put(e.getKey(), e.getValue().get(0));
        }
      }
    } catch (BadMessageException e) {
      throw e;
    } catch (IOException e) {
      throw new ApiException(400, "the form could not be read: " + e.getMessage());
    } catch (RuntimeException e) {
      throw formProblem(e);
    }
    return new ApiRequest(fields, files, names, true, images, maxFaces);
  }

  /** Jetty reports an oversized or malformed form as an IllegalStateException, often wrapped. */
  private static ApiException formProblem(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BadMessageException b) {
        throw b;
      }
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("exceeds") || m.contains("too large") || m.contains("larger than")) {
        return new ApiException(413, "the form is over the size limit: " + t.getMessage());
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return new ApiException(400, "the form could not be read: " + root.getMessage());
  }

  /** The JSON object, or the form's text fields as strings. */
  public JsonNode fields() {
    return fields;
  }

  /** Whether the request came as a form (values are strings) rather than JSON. */
  public boolean isForm() {
    return form;
  }

  /** Whether the request holds a non-null value or a file for {@code name}. */
  public boolean has(String name) {
    return files.containsKey(name) || fields.hasNonNull(name);
  }

  /**
   * The image of field {@code name}: an uploaded file, a base64 string or data URI, or, where the server allows,
   * an {@code http(s)} URL or a path under its image root.
   *
   * @throws ApiException 400 when missing, not a string, or refused
   */
  public ImageInput image(String name) {
    return optionalImage(name).orElseThrow(() -> new ApiException(400, "missing '" + name + "': "
        + (form ? "a file field, or " : "") + "a base64 image or data URI" + images.alsoAccepted()));
  }

  public Optional<ImageInput> optionalImage(String name) {
    byte[] file = files.get(name);
    if (file != null) {
      if (file.length == 0) {
        throw new ApiException(400, "the uploaded file '" + name + "' is empty");
      }
      return Optional.of(ImageInput.of(file, fileNames.get(name)));
    }
    JsonNode n = fields.get(name);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw new ApiException(400, "'" + name + "' must be a string holding a base64 image or data URI"
          + images.alsoAccepted() + ", got " + RequestOptions.describe(n));
    }
    if (n.asText().isBlank()) {
      throw new ApiException(400, "'" + name + "' is empty");
    }
    return Optional.of(images.resolve(name, n.asText()));
  }

  /** A required string. */
  public String text(String name) {
    if (!fields.hasNonNull(name)) {
      throw new ApiException(400, "missing '" + name + "'");
    }
    return RequestOptions.text(fields, name);
  }

  public Optional<String> optionalText(String name) {
    return fields.hasNonNull(name) ? Optional.of(RequestOptions.text(fields, name)) : Optional.empty();
  }

  public int integer(String name, int orElse) {
    return fields.hasNonNull(name) ? RequestOptions.integer(fields, name) : orElse;
  }

  public double number(String name, double orElse) {
    return fields.hasNonNull(name) ? RequestOptions.number(fields, name) : orElse;
  }

  public boolean bool(String name, boolean orElse) {
    return fields.hasNonNull(name) ? RequestOptions.bool(fields, name) : orElse;
  }

  /** DeepFace's face keys (model_name, detector_backend, distance_metric, align, ...), capped at the server's faces. */
  public FaceOptions faceOptions() {
    return RequestOptions.face(fields, maxFaces);
  }

  /** DeepFace's {@code actions} and this server's {@code <action>_model} keys. */
  public AnalyzeOptions analyzeOptions() {
    return RequestOptions.analysis(fields);
  }
}
