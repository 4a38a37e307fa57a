package io.deepface.store.postgres;

import io.deepface.find.VectorStore;
import io.deepface.find.VectorStoreConfig;
import io.deepface.find.VectorStoreProvider;

/**
 * The {@code postgres} vector store: faces and their embeddings in a PostgreSQL table, for a
 * {@link io.deepface.find.FaceDatabase} that several processes share. See {@link PostgresFaceStore} for the
 * properties.
 */
public final class PostgresStoreProvider implements VectorStoreProvider {
  public static final String NAME = "postgres";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "PostgreSQL table (plain JDBC), exact search over an in-memory copy kept in sync by a change counter";
  }

  @Override
  public VectorStore open(VectorStoreConfig config) {
    return PostgresFaceStore.open(config);
  }
}
