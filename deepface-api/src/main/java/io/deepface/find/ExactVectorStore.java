package io.deepface.find;

import io.deepface.verify.DistanceMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code exact} store: a {@link FaceIndex} in memory, searched exhaustively (exact, parallel over cores).
 * With a directory it is loaded from and committed to {@code exact.dfi} there (an atomic, checksummed
 * write of the whole index); without one it lives in memory only. Thread-safe.
 */
public final class ExactVectorStore implements VectorStore {
  static final String FILE = "exact.dfi";
  private final Path file;
  private final FaceIndex index;
  private volatile String tag;

  /** An in-memory store. */
  public ExactVectorStore(int dimension, DistanceMetric metric) {
    this.file = null;
    this.index = new FaceIndex(dimension, metric);
  }

  private ExactVectorStore(VectorStoreConfig config) {
    if (config.directory() == null) {
      this.file = null;
      this.index = new FaceIndex(config.dimension(), config.metric());
      return;
    }
    this.file = config.directory().resolve(FILE);
    try {
      Files.createDirectories(config.directory());
    } catch (IOException e) {
      throw new FindException("cannot create " + config.directory(), e);
    }
    if (Files.exists(file)) {
      FaceIndex.Tagged t = FaceIndex.loadTagged(file);
      if (t.index().dimension() != config.dimension() || t.index().metric() != config.metric()) {
        throw new FindException(file + " holds " + t.index().dimension() + "-d vectors for metric "
            + t.index().metric().deepFaceName() + ", not " + config.dimension() + "-d for " + config.metric().deepFaceName());
      }
      this.index = t.index();
      this.tag = t.tag().isEmpty() ? null : t.tag();
    } else {
      this.index = new FaceIndex(config.dimension(), config.metric());
    }
  }

  /** The index behind this store (live: changes to either are changes to both). */
  public FaceIndex index() {
    return index;
  }

  @Override
  public String name() {
    return VectorStores.EXACT;
  }

  @Override
  public int dimension() {
    return index.dimension();
  }

  @Override
  public DistanceMetric metric() {
    return index.metric();
  }

  @Override
  public int size() {
    return index.size();
  }

  @Override
  public void add(String id, float[] vector) {
    index.add(id, vector);
  }

  @Override
  public void addAll(List<String> ids, List<float[]> vectors) {
    index.addAll(ids, vectors);
  }

  @Override
  public void remove(String id) {
    index.remove(id);
  }

  @Override
  public void clear() {
    index.clear();
  }

  @Override
  public List<Neighbor> search(float[] query, int k, double maxDistance) {
    return index.search(query, k, maxDistance);
  }

  @Override
  public synchronized void commit(String newTag) {
    if (file != null) {
      index.save(file, newTag);
    }
    tag = newTag;
  }

  @Override
  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  @Override
  public void close() {
    // Nothing held but memory.
  }

  /** Provider of {@link ExactVectorStore}. */
  public static final class Provider implements VectorStoreProvider {
    @Override
    public String name() {
      return VectorStores.EXACT;
    }

    @Override
    public String description() {
      return "exact search in memory over contiguous float arrays, parallel over cores; saved to exact.dfi when given a directory";
    }

    @Override
    public VectorStore open(VectorStoreConfig config) {
      return new ExactVectorStore(config);
    }
  }
}
