package io.deepface.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One model file the project knows.
 *
 * @param id stable catalog id, {@code origin/file}, for example {@code faceplugin/fr_feature.onnx}
 * @param fileName the file's name in the cache and on the model path
 * @param sha256 lower-case hex SHA-256 of the file; a file with another checksum is never used
 * @param size size in bytes
 * @param license the publisher's licence
 * @param sources public places it can be downloaded from, tried in order
 * @param homepage where to read about it or get it by hand when it has no download source; may be null
 * @param hints measured advice to runtimes, for example {@code onnxruntime.optimization=basic} where
 *     ONNX Runtime's layout optimisations make this graph slower
 */
public record ModelInfo(String id, String fileName, String sha256, long size, String license,
    List<ModelSource> sources, String homepage, Map<String, String> hints) {

  /** An entry without runtime hints. */
  public ModelInfo(String id, String fileName, String sha256, long size, String license, List<ModelSource> sources,
      String homepage) {
    this(id, fileName, sha256, size, license, sources, homepage, Map.of());
  }

  public ModelInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(license, "license");
    sha256 = sha256.toLowerCase(Locale.ROOT);
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("model " + id + ": sha256 must be 64 hex digits, got " + sha256);
    }
    if (fileName.isBlank() || fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
      throw new IllegalArgumentException("model " + id + ": file name must be a plain name, got " + fileName);
    }
    if (size <= 0) {
      throw new IllegalArgumentException("model " + id + ": size must be positive, got " + size);
    }
    sources = List.copyOf(sources);
    hints = Map.copyOf(hints);
  }

  /** The hint called {@code key}, or {@code defaultValue}. */
  public String hint(String key, String defaultValue) {
    return hints.getOrDefault(key, defaultValue);
  }
}
