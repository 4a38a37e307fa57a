package io.deepface.find;

import io.deepface.verify.DistanceMetric;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where a gallery's embeddings live and how they are searched: the service-provider interface behind
 * {@link Gallery}. The library ships {@code exact} (an in-memory {@link FaceIndex}, optionally saved to a file)
 * and {@code hnsw} (an approximate Lucene HNSW graph on disk); other engines (OpenSearch or Elasticsearch
 * kNN, PostgreSQL with pgvector, a vector database) plug in by implementing this interface and a
 * {@link VectorStoreProvider} registered with {@link java.util.ServiceLoader}.
 *
 * <p>Contract:
 * <ul>
 *   <li>Ids are the caller's; {@link #add} replaces the vector already stored under an id.</li>
 *   <li>Searches see every change made through this instance, immediately. {@link #commit} makes the changes
 *       durable (a no-op for a purely in-memory store) and records a caller-chosen tag with them, which
 *       {@link #tag()} returns, also after a reopen: {@link Gallery} uses it to check that a persistent store
 *       matches its representation cache.</li>
 *   <li>Distances are in the unit of {@link #metric()} (smaller is closer) and should be exact: an
 *       approximate store over-fetches candidates and re-ranks them by exact distance.</li>
 *   <li>Implementations are thread-safe: searches may run concurrently with each other and with changes.</li>
 * </ul>
 */
public interface VectorStore extends AutoCloseable {
  /** The provider name this store was opened with, for example {@code exact} or {@code hnsw}. */
  String name();

  int dimension();

  DistanceMetric metric();

  /** Number of vectors stored. */
  int size();

  /** Stores {@code vector} under {@code id}, replacing any vector already there. */
  void add(String id, float[] vector);

  /** Stores each {@code ids.get(i)} with {@code vectors.get(i)}; stores may do this in bulk, much faster. */
  default void addAll(List<String> ids, List<float[]> vectors) {
    if (ids.size() != vectors.size()) {
      throw new IllegalArgumentException(ids.size() + " ids but " + vectors.size() + " vectors");
    }
    for (int i = 0; i < ids.size(); i++) {
      add(ids.get(i), vectors.get(i));
    }
  }

  /** Removes the vector stored under {@code id}, if there is one. */
  void remove(String id);

  default void removeAll(Collection<String> ids) {
    for (String id : ids) {
      remove(id);
    }
  }

  /** Removes every vector. */
  void clear();

  /**
   * The at most {@code k} stored vectors nearest to {@code query} whose distance is at most
   * {@code maxDistance}, closest first.
   */
  List<Neighbor> search(float[] query, int k, double maxDistance);

  default List<Neighbor> search(float[] query, int k) {
    return search(query, k, Double.POSITIVE_INFINITY);
  }

  /** Makes every change durable and records {@code tag} with them. */
  void commit(String tag);

  /** The tag of the last commit (as stored now, which may be another process's commit), if any. */
  Optional<String> tag();

  /** Releases the store's resources; uncommitted changes of a persistent store may be lost. */
  @Override
  void close();
}
