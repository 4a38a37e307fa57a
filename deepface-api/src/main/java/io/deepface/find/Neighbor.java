package io.deepface.find;

import java.util.Objects;

/**
 * One search hit: the id a vector was added with and its distance to the query, in the unit of the index's
 * {@link io.deepface.verify.DistanceMetric} (smaller is closer).
 */
public record Neighbor(String id, double distance) {
  public Neighbor {
    Objects.requireNonNull(id, "id");
  }
}
