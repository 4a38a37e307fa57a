package io.deepface.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepface.AnalyzeOptions;
import io.deepface.FaceOptions;
import io.deepface.analysis.FaceAttribute;
import io.deepface.image.ImageInput;
import io.deepface.verify.DistanceMetric;
import java.util.ArrayList;
import java.util.List;

/** Reads Python DeepFace's request keys ({@code model_name}, {@code detector_backend}...) into options. */
final class RequestOptions {
  private RequestOptions() {}

  static FaceOptions face(JsonNode body) {
    FaceOptions.Builder b = FaceOptions.builder();
    if (body.hasNonNull("model_name")) {
      b.model(text(body, "model_name"));
    }
    if (body.hasNonNull("detector_backend")) {
      b.detector(text(body, "detector_backend"));
    }
    if (body.hasNonNull("distance_metric")) {
      b.metric(DistanceMetric.parse(text(body, "distance_metric")));
    }
    if (body.hasNonNull("align")) {
      b.align(bool(body, "align"));
    }
    if (body.hasNonNull("enforce_detection")) {
      b.enforceDetection(bool(body, "enforce_detection"));
    }
    if (body.hasNonNull("anti_spoofing")) {
      b.antiSpoofing(bool(body, "anti_spoofing"));
    }
    if (body.hasNonNull("expand_percentage")) {
      b.expandPercentage(body.get("expand_percentage").asDouble());
    }
    if (body.hasNonNull("max_faces")) {
      b.maxFaces(integer(body, "max_faces"));
    }
    if (body.hasNonNull("min_face_size")) {
      b.minFaceSize(integer(body, "min_face_size"));
    }
    if (body.hasNonNull("min_confidence")) {
      b.minConfidence(number(body, "min_confidence"));
    }
    if (body.hasNonNull("threshold")) {
      b.threshold(body.get("threshold").asDouble());
    }
    return b.build();
  }

  /**
   * DeepFace's {@code actions} (a list or one name; default age, gender, emotion), and this server's optional
   * {@code age_model}, {@code gender_model}, {@code emotion_model}, {@code race_model} keys naming the attribute
   * model of an action.
   */
  static AnalyzeOptions analysis(JsonNode body) {
    JsonNode actions = body.get("actions");
    AnalyzeOptions options = AnalyzeOptions.defaults();
    if (actions != null && !actions.isNull()) {
      List<String> names = new ArrayList<>();
      if (actions.isArray()) {
        actions.forEach(a -> names.add(a.asText()));
      } else {
        names.add(actions.asText());
      }
      options = AnalyzeOptions.of(AnalyzeOptions.parseActions(String.join(",", names)));
    }
    for (FaceAttribute a : List.of(FaceAttribute.AGE, FaceAttribute.GENDER, FaceAttribute.EMOTION, FaceAttribute.RACE)) {
      String key = AnalyzeOptions.actionName(a) + "_model";
      if (body.hasNonNull(key)) {
        options = options.withModel(a, text(body, key));
      }
    }
    options.actions().forEach(options::modelFor);
    return options;
  }

  /** A base64 image (data URI or bare). Server-side paths are refused: a client must not read the server's files. */
  static ImageInput image(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      throw new ApiException(400, "missing '" + field + "': a base64 image or data URI");
    }
    if (!n.isTextual()) {
      throw new ApiException(400, "'" + field + "' must be a string holding a base64 image or data URI");
    }
    return ImageInput.ofBase64(n.asText());
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (!n.isTextual()) {
      throw new ApiException(400, "'" + field + "' must be a string");
    }
    return n.asText();
  }

  /** A whole number, as a JSON number or a string holding one (form fields arrive as strings). */
  private static int integer(JsonNode body, String field) {
    JsonNode n = body.get(field);
    try {
      if (n.isIntegralNumber() && n.canConvertToInt()) {
        return n.asInt();
      }
      if (n.isTextual()) {
        return Integer.parseInt(n.asText().strip());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ApiException(400, "'" + field + "' must be a whole number, got " + n);
  }

  /** A number, as a JSON number or a string holding one. */
  private static double number(JsonNode body, String field) {
    JsonNode n = body.get(field);
    try {
      if (n.isNumber()) {
        return n.asDouble();
      }
      if (n.isTextual()) {
        return Double.parseDouble(n.asText().strip());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ApiException(400, "'" + field + "' must be a number, got " + n);
  }

  private static boolean bool(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (!n.isBoolean()) {
      throw new ApiException(400, "'" + field + "' must be true or false");
    }
    return n.asBoolean();
  }
}
