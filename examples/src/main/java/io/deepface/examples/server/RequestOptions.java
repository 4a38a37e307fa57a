package io.deepface.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepface.AnalyzeOptions;
import io.deepface.FaceOptions;
import io.deepface.adapt.AdaptedEmbedder;
import io.deepface.analysis.FaceAttribute;
import io.deepface.verify.DistanceMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Python DeepFace's request keys ({@code model_name}, {@code detector_backend}...) into options. Values may be
 * JSON values or, from a form, strings holding them ({@code "true"}, {@code "3"}, {@code "[age, gender]"}).
 */
final class RequestOptions {
  private RequestOptions() {}

  /** DeepFace's face keys, with at most {@code maxFaces} faces whatever the request asks. */
  static FaceOptions face(JsonNode body, int maxFaces) {
    FaceOptions.Builder b = FaceOptions.builder();
    if (body.hasNonNull("model_name")) {
      String model = text(body, "model_name");
      if (model.contains(AdaptedEmbedder.SEPARATOR)) {
        // An adapted model names a file on the server: not something a client may point the server at.
        throw new IllegalArgumentException("model_name cannot name an adapter file; adapted models are not served");
      }
      b.model(model);
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
      b.expandPercentage(number(body, "expand_percentage"));
    }
    int faces = maxFaces;
    if (body.hasNonNull("max_faces")) {
      int asked = integer(body, "max_faces");
      if (asked < 1) {
        throw new ApiException(400, "'max_faces' must be at least 1, got " + asked);
      }
      faces = Math.min(asked, maxFaces);
    }
    b.maxFaces(faces);
    if (body.hasNonNull("min_face_size")) {
      b.minFaceSize(integer(body, "min_face_size"));
    }
    if (body.hasNonNull("min_confidence")) {
      b.minConfidence(number(body, "min_confidence"));
    }
    if (body.hasNonNull("threshold")) {
      b.threshold(number(body, "threshold"));
    }
    return b.build();
  }

  /**
   * DeepFace's {@code actions} (a list, one name, or a form's {@code "[age, gender]"}; default age, gender,
   * emotion), and this server's optional {@code age_model}, {@code gender_model}, {@code emotion_model},
   * {@code race_model} keys naming the attribute model of an action.
   */
  static AnalyzeOptions analysis(JsonNode body) {
    JsonNode actions = body.get("actions");
    AnalyzeOptions options = AnalyzeOptions.defaults();
    if (actions != null && !actions.isNull()) {
      List<String> names = new ArrayList<>();
      if (actions.isArray()) {
        for (JsonNode a : actions) {
          if (!a.isTextual()) {
            throw new ApiException(400, "'actions' must be a list of names, got " + actions);
          }
          names.add(a.asText());
        }
      } else if (actions.isTextual()) {
        // A form sends ["age", "gender"] or [age, gender], sometimes wrapped in quotes.
        String s = actions.asText().strip();
        s = s.replaceAll("^\"|\"$", "").strip().replaceAll("^\\[|]$", "");
        for (String part : s.split(",")) {
          String name = part.strip().replaceAll("^['\"]|['\"]$", "").strip();
          if (!name.isEmpty()) {
            names.add(name);
          }
        }
      } else {
        throw new ApiException(400, "'actions' must be a list of names, got " + actions);
      }
      if (names.isEmpty()) {
        throw new ApiException(400, "'actions' is empty; name at least one of age, gender, emotion, race");
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

  static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (!n.isTextual()) {
      throw new ApiException(400, "'" + field + "' must be a string, got " + describe(n));
    }
    return n.asText();
  }

  /** A whole number, as a JSON number or a string holding one (form fields arrive as strings). */
  static int integer(JsonNode body, String field) {
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
    throw new ApiException(400, "'" + field + "' must be a whole number, got " + describe(n));
  }

  /** A number, as a JSON number or a string holding one. */
  static double number(JsonNode body, String field) {
    JsonNode n = body.get(field);
    try {
      if (n.isNumber()) {
        return n.asDouble();
      }
      if (n.isTextual()) {
        double d = Double.parseDouble(n.asText().strip());
        if (Double.isFinite(d)) {
          return d;
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ApiException(400, "'" + field + "' must be a number, got " + describe(n));
  }

  /** true or false, as a JSON boolean or a form's {@code true}, {@code True}, {@code 1}, {@code false}... */
  static boolean bool(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    if (n.isTextual()) {
      switch (n.asText().strip().toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes", "on":
          return true;
        case "false", "0", "no", "off":
          return false;
        default:
          break;
      }
    }
    throw new ApiException(400, "'" + field + "' must be true or false, got " + describe(n));
  }

  /** A value for an error message: short, never a whole image. */
  static String describe(JsonNode n) {
    String s = n.toString();
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }
}
