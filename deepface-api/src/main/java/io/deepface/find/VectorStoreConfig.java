package io.deepface.find;

import io.deepface.verify.DistanceMetric;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link VectorStoreProvider} needs to open a store.
 *
 * @param dimension length of every vector
 * @param metric the distance searches report
 * @param directory where a persistent store keeps its files (created if missing); null for a store that lives
 *     in memory only. External stores may ignore it and use their properties instead.
 * @param properties provider-specific settings (for {@code hnsw}: {@code m}, {@code beamWidth},
 *     {@code candidates}; for an external store: its address, index or table name...)
 */
public record VectorStoreConfig(int dimension, DistanceMetric metric, Path directory, Map<String, String> properties) {
  public VectorStoreConfig {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    Objects.requireNonNull(metric, "metric");
    properties = Map.copyOf(properties);
  }

  /** An in-memory configuration without properties. */
  public static VectorStoreConfig inMemory(int dimension, DistanceMetric metric) {
    return new VectorStoreConfig(dimension, metric, null, Map.of());
  }

  /** The integer property {@code key}, or {@code defaultValue} when it is not set. */
  public int intProperty(String key, int defaultValue) {
    String v = properties.get(key);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("vector store property " + key + " must be an integer, got '" + v + "'", e);
    }
  }
}
