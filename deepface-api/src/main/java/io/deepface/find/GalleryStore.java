package io.deepface.find;

import io.deepface.FacialArea;
import io.deepface.verify.Calibration;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.ThresholdTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gallery's published state: the vector store searches use and the snapshot of the cache it indexes. Searches
 * read under a read lock and run in parallel; {@link #publish} brings the store in line with a new snapshot
 * (incrementally when the store holds the previous generation, else from scratch) and swaps it in under the
 * write lock. Vector ids are {@code <relative path>#<face index>}.
 */
final class GalleryStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.deepface.find.Gallery");

  private final Path folder;
  private final String storeBase;
  private final FindOptions options;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile Map<String, GalleryCache.Image> images = Map.of();
  private volatile String generation;
  private VectorStore store;
  private volatile boolean closed;

  /**
   * @param folder the gallery folder
   * @param storeBase the file-name stem of persistent stores, {@code <cache name>_raw} or {@code _unit}
   */
  GalleryStore(Path folder, String storeBase, FindOptions options) {
    this.folder = folder;
    this.storeBase = storeBase;
    this.options = options;
  }

  /** The snapshot of the cache the store indexes (empty before the first publish). */
  Map<String, GalleryCache.Image> images() {
    return images;
  }

  /** The cache generation the store indexes (null before the first publish). */
  String generation() {
    return generation;
  }

  boolean loaded() {
    lock.readLock().lock();
    try {
      checkOpen();
      return store != null;
    } finally {
      lock.readLock().unlock();
    }
  }

  int faceCount() {
    lock.readLock().lock();
    try {
      return store == null ? 0 : store.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  String storeName() {
    lock.readLock().lock();
    try {
      return store == null ? null : store.name();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The gallery faces within the threshold of {@code embedding}, closest first, at most {@code topK}. */
  List<FindMatch> search(float[] embedding, FacialArea source, ThresholdTable.Entry threshold) {
    int k = options.topK() > 0 ? options.topK() : Integer.MAX_VALUE;
    lock.readLock().lock();
    try {
      checkOpen();
      if (store == null) {
        throw new FindException("the gallery " + folder + " could not be loaded");
      }
      List<Neighbor> hits = store.search(embedding, k, threshold.threshold());
      Map<String, GalleryCache.Image> snapshot = images;
      List<FindMatch> out = new ArrayList<>(hits.size());
      for (Neighbor n : hits) {
        int hash = n.id().lastIndexOf('#');
        GalleryCache.Image img = snapshot.get(n.id().substring(0, hash));
        int index = Integer.parseInt(n.id().substring(hash + 1));
        if (img == null || index >= img.faces().size()) {
          continue; // Gone between the store and the snapshot; cannot happen while the read lock is held.
        }
        out.add(new FindMatch(folder.resolve(img.path()).toString(), img.hashHex(), n.distance(), threshold.threshold(),
            Calibration.confidence(n.distance(), threshold.threshold(), threshold.scale()), source,
            img.faces().get(index).area(), index));
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Brings the store in line with {@code next}: incrementally when it holds {@code baseGeneration}, else from
   * scratch; then publishes {@code next}. Returns the store's name.
   *
   * @param oldEntries the entries removed or replaced since {@code baseGeneration}
   * @param newEntries the entries added or replaced since {@code baseGeneration}
   * @param writable whether a persistent store may keep its files in the gallery folder
   */
  String publish(Map<String, GalleryCache.Image> next, String baseGeneration, String newGeneration, int dimension,
      DistanceMetric metric, List<GalleryCache.Image> oldEntries, List<GalleryCache.Image> newEntries,
      boolean writable) {
    int faceCount = next.values().stream().mapToInt(i -> i.faces().size()).sum();
    String wanted = options.store().equals(FindOptions.AUTO)
        ? (faceCount >= options.approximateAbove() ? VectorStores.HNSW : VectorStores.EXACT) : options.store();
    lock.writeLock().lock();
    try {
      checkOpen();
      VectorStore s = store;
      if (s == null || !s.name().equals(wanted)) {
        if (s != null) {
          s.close();
          store = null;
        }
        Path dir = !wanted.equals(VectorStores.EXACT) && writable ? folder.resolve(storeBase + "." + wanted) : null;
        s = VectorStores.open(wanted, new VectorStoreConfig(dimension, metric, dir, options.storeProperties()));
      }
      Optional<String> tag = s.tag();
      if (baseGeneration != null && tag.isPresent() && tag.get().equals(baseGeneration)) {
        if (!newGeneration.equals(baseGeneration)) {
          List<String> gone = new ArrayList<>();
          for (GalleryCache.Image img : oldEntries) {
            for (int i = 0; i < img.faces().size(); i++) {
              gone.add(img.path() + "#" + i);
            }
          }
          s.removeAll(gone);
          addFaces(s, newEntries);
          s.commit(newGeneration);
        }
      } else if (!tag.equals(Optional.of(newGeneration))) {
        if (faceCount > 10_000) {
          LOG.info("Building the {} index of {} faces for {}", s.name(), faceCount, folder);
        }
        s.clear();
        addFaces(s, next.values());
        s.commit(newGeneration);
      }
      store = s;
      images = Collections.unmodifiableMap(new LinkedHashMap<>(next));
      generation = newGeneration;
      return s.name();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static void addFaces(VectorStore s, Iterable<GalleryCache.Image> entries) {
    List<String> ids = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (GalleryCache.Image img : entries) {
      for (int i = 0; i < img.faces().size(); i++) {
        ids.add(img.path() + "#" + i);
        vectors.add(img.faces().get(i).embedding());
      }
    }
    s.addAll(ids, vectors);
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this gallery is closed");
    }
  }

  /** Closes the vector store; later calls fail with {@link IllegalStateException}. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (store != null) {
        store.close();
        store = null;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
