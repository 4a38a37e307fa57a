package io.deepface.find;

/**
 * Creates {@link VectorStore}s of one kind. Register implementations in
 * {@code META-INF/services/io.deepface.find.VectorStoreProvider}; {@link VectorStores} finds them with
 * {@link java.util.ServiceLoader}, and {@link FindOptions#store(String)} selects one by {@link #name()}.
 * Implementations need a public no-argument constructor and must be thread-safe.
 */
public interface VectorStoreProvider {
  /** Short stable name, for example {@code exact}, {@code hnsw}, {@code opensearch}. */
  String name();

  /** One line for listings. */
  default String description() {
    return name();
  }

  /**
   * Opens the store {@code config} describes, creating it if it does not exist yet.
   *
   * @throws FindException when it cannot be opened (in use, unreachable, wrong dimension...)
   */
  VectorStore open(VectorStoreConfig config);
}
