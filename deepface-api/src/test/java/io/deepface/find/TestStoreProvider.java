package io.deepface.find;

/** A provider registered only through META-INF/services in the test resources: proves ServiceLoader discovery. */
public final class TestStoreProvider implements VectorStoreProvider {
  static final String NAME = "test-memory";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VectorStore open(VectorStoreConfig config) {
    ExactVectorStore inner = new ExactVectorStore(config.dimension(), config.metric());
    return new VectorStore() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public int dimension() {
        return inner.dimension();
      }

      @Override
      public io.deepface.verify.DistanceMetric metric() {
        return inner.metric();
      }

      @Override
      public int size() {
        return inner.size();
      }

      @Override
      public void add(String id, float[] vector) {
        inner.add(id, vector);
      }

      @Override
      public void remove(String id) {
        inner.remove(id);
      }

      @Override
      public void clear() {
        inner.clear();
      }

      @Override
      public java.util.List<Neighbor> search(float[] query, int k, double maxDistance) {
        return inner.search(query, k, maxDistance);
      }

      @Override
      public void commit(String tag) {
        inner.commit(tag);
      }

      @Override
      public java.util.Optional<String> tag() {
        return inner.tag();
      }

      @Override
      public void close() {
        inner.close();
      }
    };
  }
}
