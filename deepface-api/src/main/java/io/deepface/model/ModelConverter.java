package io.deepface.model;

import java.nio.file.Path;
import java.util.List;

/**
 * Makes a model file from other files, for catalog entries with a {@link ModelConversion}: for example a
 * TF.js graph model ({@code model.json} and weight shards) converted to ONNX, so that every backend runs it.
 *
 * <p>Converters are found with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/io.deepface.model.ModelConverter}); a converter that cannot be instantiated is skipped
 * with a warning. Implementations must be thread-safe and deterministic: the same sources give the same bytes.
 */
public interface ModelConverter {
  /** The name catalog entries use in {@code convert.converter}, for example {@code tfjs-graph}. */
  String name();

  /**
   * The version of the conversion rules. The repository converts a cached file again when this changes,
   * so bump it whenever the output for the same sources changes.
   */
  String version();

  /**
   * Converts the sources into the target model's bytes.
   *
   * @param target the catalog entry being made
   * @param sources the verified local files of {@code target.conversion().sources()}, in that order
   * @throws RuntimeException when the sources cannot be converted; the repository reports it as a
   *     {@link ConversionException} naming the model
   */
  byte[] convert(ModelInfo target, List<Path> sources);
}
