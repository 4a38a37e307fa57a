package io.deepface.examples.server;

import io.deepface.FaceOptions;
import io.deepface.examples.json.ResultJson;
import io.deepface.examples.server.Route.Field;
import io.deepface.examples.server.Route.Type;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.find.FaceMatch;
import io.deepface.find.Registration;
import io.deepface.image.ImageInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python DeepFace 0.0.100's face database routes over the server's {@link FaceDatabase} (in memory by default;
 * PostgreSQL or Solr with {@code serve --store}): {@code POST /register}, {@code POST /search}, {@code POST
 * /build/index} (nothing to build: every store here keeps its index up to date as faces are registered) and
 * {@code GET /database}. Requests whose face keys would make other embeddings than the stored ones are refused with
 * 400, never mixed.
 */
public final class DatabaseRoutes {
  private DatabaseRoutes() {}

  /** The routes over {@code database}, which the caller keeps open while the server runs and closes after it. */
  public static List<Route> of(FaceDatabase database) {
    List<Route> routes = new ArrayList<>();
    routes.add(Route.post("/register", "Register every face of an image under a name in the face database"
            + " (DeepFace.register)",
        with(Field.image("img", "the image"),
            Field.optional("img_name", Type.STRING, "the identity (default: the uploaded file's or URL's name)")),
        req -> {
          database.requireSameSettings(settings(req, database));
          ImageInput image = req.image("img");
          String name = req.optionalText("img_name").filter(s -> !s.isBlank()).orElseGet(() -> nameOf(image));
          Registration r = database.register(image, name);
          Map<String, Object> out = ResultJson.registration(r);
          out.put("inserted", r.unchanged() ? 0 : r.faces().size());
          out.put("count", database.count());
          return out;
        }));
    routes.add(Route.post("/search", "Search the face database for every face of an image (DeepFace.search)",
        with(Field.image("img", "the query image"),
            Field.optional("top_k", Type.INTEGER, "at most this many matches per face (default "
                + FaceDatabaseOptions.DEFAULT_TOP_K + ")"),
            Field.optional("search_method", Type.STRING, "exact or ann, accepted as DeepFace's clients send it; the"
                + " store's own setting decides (serve --store-option search=approximate for solr; the in-process"
                + " and PostgreSQL stores are exact)")),
        req -> {
          FaceOptions asked = settings(req, database);
          database.requireSameSettings(asked);
          String method = req.optionalText("search_method").orElse("exact").strip().toLowerCase(Locale.ROOT);
          if (!method.equals("exact") && !method.equals("ann")) {
            throw new ApiException(400, "search_method must be exact or ann, got '" + method + "'");
          }
          int k = req.integer("top_k", FaceDatabaseOptions.DEFAULT_TOP_K);
          if (k < 1) {
            throw new ApiException(400, "top_k must be at least 1, got " + k);
          }
          List<List<FaceMatch>> result = database.search(req.image("img"), k, asked.threshold());
          return Map.of("results", result.stream().map(face -> face.stream().map(ResultJson::faceMatch).toList())
              .toList());
        }));
    routes.add(Route.post("/build/index", "Build the face database's search index (DeepFace.build_index): nothing to"
            + " do here, stores keep their index current", Route.FACE_FIELDS,
        req -> {
          database.requireSameSettings(settings(req, database));
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("message", "the " + database.storeName() + " store keeps its index up to date as faces are"
              + " registered; nothing to build");
          out.put("count", database.count());
          return out;
        }));
    routes.add(Route.get("/database", "The face database: its store, settings and number of faces", req -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("store", database.storeName());
      out.put("count", database.count());
      out.put("model", database.options().face().model());
      out.put("detector", database.options().face().detector());
      out.put("distance_metric", database.options().face().metric().deepFaceName());
      return out;
    }));
    return routes;
  }

  /**
   * The database's face options with the request's embedding keys ({@code model_name}, {@code detector_backend},
   * {@code distance_metric}, {@code align}) where it gives them: a bare request always matches, and keys that would
   * make other embeddings than the stored ones are refused by {@link FaceDatabase#requireSameSettings}. Detection
   * keys such as {@code max_faces} follow the database's options, as registered faces did.
   */
  private static FaceOptions settings(ApiRequest req, FaceDatabase database) {
    FaceOptions asked = req.faceOptions();
    FaceOptions.Builder b = database.options().face().toBuilder();
    if (req.has("model_name")) {
      b.model(asked.model());
    }
    if (req.has("detector_backend")) {
      b.detector(asked.detector());
    }
    if (req.has("distance_metric")) {
      b.metric(asked.metric());
    }
    if (req.has("align")) {
      b.alignment(asked.alignment());
    }
    if (req.has("threshold")) {
      asked.threshold().ifPresent(b::threshold);
    }
    return b.build();
  }

  private static final Pattern FILE_NAME =
      Pattern.compile("([^/\\\\ ()'\"?]+\\.[A-Za-z0-9]{2,5})(?:\\)|\\?.*)?$");

  /**
   * The file name an image came with (an upload's file name, a URL's or a path's last part); refused for a bare
   * base64 string, which has none.
   */
  static String nameOf(ImageInput image) {
    Matcher m = FILE_NAME.matcher(image.description());
    if (!m.find()) {
      String d = image.description();
      throw new ApiException(400, "give 'img_name': the image (" + (d.length() > 40 ? d.substring(0, 40) + "..." : d)
          + ") has no file name to register it under");
    }
    return m.group(1);
  }

  private static List<Field> with(Field... own) {
    List<Field> fields = new ArrayList<>(List.of(own));
    fields.addAll(Route.FACE_FIELDS);
    return fields;
  }
}
