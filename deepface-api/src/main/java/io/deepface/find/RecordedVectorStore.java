package io.deepface.find;

import io.deepface.verify.DistanceMetric;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plain {@link VectorStore} (the in-process {@code exact} or {@code hnsw} store) with the face records kept beside
 * it in memory, so that {@link FaceDatabase} works over it. Writes are serialised; searches run concurrently.
 */
final class RecordedVectorStore implements FaceRecordStore {
  private final VectorStore vectors;
  private final Map<String, FaceRecord> records = new ConcurrentHashMap<>();
  private final Map<String, List<String>> images = new ConcurrentHashMap<>();

  RecordedVectorStore(VectorStore vectors) {
    this.vectors = vectors;
  }

  @Override
  public String name() {
    return vectors.name();
  }

  @Override
  public int dimension() {
    return vectors.dimension();
  }

  @Override
  public DistanceMetric metric() {
    return vectors.metric();
  }

  @Override
  public int size() {
    return records.size();
  }

  @Override
  public synchronized void putImage(String imageHash, List<FaceRecord> faces) {
    List<String> old = images.remove(imageHash);
    if (old != null) {
      vectors.removeAll(old);
      old.forEach(records::remove);
    }
    if (faces.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>();
    List<float[]> vs = new ArrayList<>();
    for (FaceRecord f : faces) {
      ids.add(f.id());
      vs.add(f.embedding());
    }
    vectors.addAll(ids, vs);
    for (FaceRecord f : faces) {
      records.put(f.id(), f.withoutEmbedding());
    }
    images.put(imageHash, List.copyOf(ids));
  }

  @Override
  public List<FaceRecord> imageFaces(String imageHash) {
    List<String> ids = images.get(imageHash);
    if (ids == null) {
      return List.of();
    }
    List<FaceRecord> out = records(ids);
    return out.stream().sorted(Comparator.comparingInt(FaceRecord::faceIndex)).toList();
  }

  @Override
  public List<FaceRecord> records(Collection<String> ids) {
    List<FaceRecord> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      FaceRecord r = records.get(id);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public synchronized int removeName(String name) {
    List<String> gone = records.values().stream().filter(r -> r.name().equals(name)).map(FaceRecord::id).toList();
    gone.forEach(this::removeFace);
    return gone.size();
  }

  @Override
  public synchronized boolean removeFace(String id) {
    FaceRecord r = records.remove(id);
    if (r == null) {
      return false;
    }
    vectors.remove(id);
    images.computeIfPresent(r.imageHash(), (h, ids) -> {
      List<String> rest = ids.stream().filter(i -> !i.equals(id)).toList();
      return rest.isEmpty() ? null : rest;
    });
    return true;
  }

  @Override
  public synchronized void clear() {
    vectors.clear();
    records.clear();
    images.clear();
  }

  @Override
  public List<Neighbor> search(float[] query, int k, double maxDistance) {
    return vectors.search(query, k, maxDistance);
  }

  @Override
  public void commit(String tag) {
    vectors.commit(tag);
  }

  @Override
  public Optional<String> tag() {
    return vectors.tag();
  }

  @Override
  public void close() {
    vectors.close();
  }
}
