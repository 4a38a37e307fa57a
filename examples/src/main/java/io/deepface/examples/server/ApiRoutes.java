package io.deepface.examples.server;

import io.deepface.FaceEngine;
import io.deepface.examples.json.ResultJson;
import io.deepface.examples.server.Route.Field;
import io.deepface.examples.server.Route.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of Python DeepFace's API that this server answers, and its own service routes. The face database
 * routes ({@code /register}, {@code /search}) are not here: they come with the face database and are passed to
 * {@link DeepFaceServer#start(FaceEngine, ServerConfig, List)} as extra routes.
 */
final class ApiRoutes {
  private ApiRoutes() {}

  static List<Route> face(FaceEngine engine, GallerySearch gallery) {
    List<Route> routes = new ArrayList<>();
    routes.add(Route.post("/verify", "Verify whether two images show the same person (DeepFace.verify)",
        with(Field.image("img1", "first image"), Field.image("img2", "second image")),
        req -> {
          Map<String, Object> out = ResultJson.verify(engine.verify(req.image("img1"), req.image("img2"),
              req.faceOptions()));
          // Python DeepFace's API names these two so; the library's own names stay for this library's clients.
          out.put("detector_backend", out.get("detector"));
          out.put("similarity_metric", out.get("metric"));
          return out;
        }));
    routes.add(Route.post("/represent", "Embed every face of an image (DeepFace.represent)",
        with(Field.image("img", "the image")),
        req -> Map.of("results", engine.represent(req.image("img"), req.faceOptions()).stream()
            .map(ResultJson::representation).toList())));
    List<Field> analyze = new ArrayList<>(with(Field.image("img", "the image"),
        Field.optional("actions", Type.NAMES, "age, gender, emotion, race (default: age, gender, emotion); also "
            + "pose, landmarks, eyes, spoof")));
    for (String action : List.of("age", "gender", "emotion", "race")) {
      analyze.add(Field.optional(action + "_model", Type.STRING, "the " + action + " model (default: the library's)"));
    }
    routes.add(Route.post("/analyze", "Estimate age, gender, emotion and race of every face (DeepFace.analyze)",
        analyze, req -> {
          var actions = req.analyzeOptions();
          var face = req.faceOptions();
          return Map.of("results", engine.analyze(req.image("img"), actions, face).stream()
              .map(ResultJson::analysis).toList());
        }));
    routes.add(Route.post("/find", "Search the server's gallery folder for every face of an image (DeepFace.find)",
        with(Field.image("img", "the query image"),
            Field.optional("top_k", Type.INTEGER, "at most this many matches per face (default: all within the "
                + "threshold)"),
            Field.optional("include_thumbnails", Type.BOOLEAN, "add each match's face as a small JPEG data URI")),
        req -> {
          if (gallery == null) {
            throw new ApiException(501, "this server has no gallery; start it with --gallery DIR to use /find");
          }
          return gallery.find(req);
        }));
    return routes;
  }

  private static List<Field> with(Field... own) {
    List<Field> fields = new ArrayList<>(List.of(own));
    fields.addAll(Route.FACE_FIELDS);
    return fields;
  }

  static Map<String, Object> error(String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    return m;
  }
}
