package io.deepface.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One model file the project knows: either a published file (with its checksum and where to get it) or
 * a file {@linkplain #conversion() converted} from other catalog entries.
 *
 * @param id stable catalog id, {@code origin/file}, for example {@code faceplugin/fr_feature.onnx}
 * @param fileName the file's name in the cache and on the model path
 * @param sha256 lower-case hex SHA-256 of the file; a file with another checksum is never used. Null for a
 *     converted model, whose bytes depend on the converter (its cache entry records its sources instead)
 * @param size size in bytes (0 for a converted model)
 * @param license the publisher's licence
 * @param sources public places it can be downloaded from, tried in order (none for a converted model)
 * @param homepage where to read about it or get it by hand when it has no download source; may be null
 * @param hints measured advice to runtimes, for example {@code onnxruntime.rewrite=prelu-batchnorm} where a
 *     graph rewrite makes ONNX Runtime run this graph faster with the same outputs
 * @param conversion how the file is made from other entries, or null for a published file
 */
public record ModelInfo(String id, String fileName, String sha256, long size, String license,
    List<ModelSource> sources, String homepage, Map<String, String> hints, ModelConversion conversion) {

  /** A published file without runtime hints. */
  public ModelInfo(String id, String fileName, String sha256, long size, String license, List<ModelSource> sources,
      String homepage) {
    this(id, fileName, sha256, size, license, sources, homepage, Map.of(), null);
  }

  /** A published file. */
  public ModelInfo(String id, String fileName, String sha256, long size, String license, List<ModelSource> sources,
      String homepage, Map<String, String> hints) {
    this(id, fileName, sha256, size, license, sources, homepage, hints, null);
  }

  public ModelInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(license, "license");
    if (conversion == null) {
      Objects.requireNonNull(sha256, "sha256");
      sha256 = sha256.toLowerCase(Locale.ROOT);
      if (!sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("model " + id + ": sha256 must be 64 hex digits, got " + sha256);
      }
      if (size <= 0) {
        throw new IllegalArgumentException("model " + id + ": size must be positive, got " + size);
      }
    } else if (sha256 != null || size != 0 || !sources.isEmpty()) {
      throw new IllegalArgumentException("model " + id + " is converted from " + conversion.sources()
          + ": it has no checksum, size or download source of its own");
    }
    if (fileName.isBlank() || fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
      throw new IllegalArgumentException("model " + id + ": file name must be a plain name, got " + fileName);
    }
    sources = List.copyOf(sources);
    hints = Map.copyOf(hints);
  }

  /** A model converted from other catalog entries by {@code conversion}. */
  public static ModelInfo converted(String id, String fileName, String license, String homepage,
      Map<String, String> hints, ModelConversion conversion) {
    return new ModelInfo(id, fileName, null, 0, license, List.of(), homepage, hints,
        Objects.requireNonNull(conversion, "conversion"));
  }

  /** Whether the file is made by a converter rather than published. */
  public boolean isConverted() {
    return conversion != null;
  }

  /** The hint called {@code key}, or {@code defaultValue}. */
  public String hint(String key, String defaultValue) {
    return hints.getOrDefault(key, defaultValue);
  }
}
