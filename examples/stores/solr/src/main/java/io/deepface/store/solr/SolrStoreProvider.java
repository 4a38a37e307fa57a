package io.deepface.store.solr;

import io.deepface.find.VectorStore;
import io.deepface.find.VectorStoreConfig;
import io.deepface.find.VectorStoreProvider;

/**
 * The {@code solr} vector store: faces in a SolrCloud collection with a dense vector field, for a
 * {@link io.deepface.find.FaceDatabase} that several processes share. See {@link SolrFaceStore} for the properties.
 */
public final class SolrStoreProvider implements VectorStoreProvider {
  public static final String NAME = "solr";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Apache Solr (SolrCloud) collection with a dense vector field: exact search, or kNN re-ranked exactly";
  }

  @Override
  public VectorStore open(VectorStoreConfig config) {
    return SolrFaceStore.open(config);
  }
}
