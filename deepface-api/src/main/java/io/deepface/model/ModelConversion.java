package io.deepface.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a catalog entry is made from other entries rather than fetched: the converter that builds it
 * and the source files it reads (for example a TF.js {@code model.json} and its weight shard, converted to
 * ONNX). The repository converts on first use, keeps the result in its cache, and converts again when a
 * source or the converter changes.
 *
 * @param converter the {@link io.deepface.model.convert.ModelConverter#name() converter}'s name, for example
 *     {@code tfjs-graph}
 * @param sources catalog ids of the files the converter reads, in the order it expects them
 * @param options converter settings, for example which network a weights-only file holds
 */
public record ModelConversion(String converter, List<String> sources, Map<String, String> options) {
  public ModelConversion {
    Objects.requireNonNull(converter, "converter");
    sources = List.copyOf(sources);
    options = Map.copyOf(options);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("a conversion needs at least one source");
    }
  }
}
