package io.deepface.find;

import io.deepface.verify.DistanceMetric;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;

/**
 * An in-memory gallery of embeddings with exact nearest-neighbour search: add, remove, search, save, load.
 *
 * <p>Vectors live in contiguous {@code float[]} blocks of 256 KiB, one row per vector, with no object per
 * vector but its id (the id-to-row map is an open-addressing {@code int[]} table); ids are kept in a parallel array. For {@link DistanceMetric#COSINE},
 * {@link DistanceMetric#EUCLIDEAN_L2} and {@link DistanceMetric#ANGULAR} the rows are stored normalised
 * to unit length, so a search is one dot product per row (all three distances are decreasing functions of
 * it); for {@link DistanceMetric#EUCLIDEAN} rows are stored as given and compared by squared difference.
 * A search of more than about a million multiply-adds is split over the cores of the common
 * {@link ForkJoinPool}. Reported distances are recomputed in double precision and equal
 * {@link DistanceMetric#distance} to about 1e-6.
 *
 * <p>Thread-safe: any number of threads may search at once; {@code add} and {@code remove} take an
 * exclusive lock for the few microseconds they need. Memory: {@code 4 * dimension} bytes per vector plus
 * the id.
 *
 * <p>{@link #save} writes a self-checking file (magic number, version, CRC32C) atomically (temporary file,
 * then rename); {@link #load} rejects a damaged or foreign file with a {@link CorruptIndexException}.
 */
public final class FaceIndex {
  static final long MAGIC = 0x44464A4641434958L; // "DFJFACIX"
  static final int VERSION = 1;
  /**
   * Floats per block, at most: 256 KiB blocks stay below half of the smallest G1 region, so they are never
   * "humongous" objects (which would round each block up to whole regions and waste up to half the heap).
   */
  private static final int BLOCK_FLOATS = 1 << 16;
  /** Below this many multiply-adds per query a single thread is faster than forking. */
  private static final long PARALLEL_MIN_WORK = 1L << 20;
  /** Slack on the float pre-filter so that the exact double check decides borderline rows. */
  private static final float SCORE_SLACK = 1e-4f;
  public static final int MAX_DIMENSION = 65_536;

  private final int dimension;
  private final DistanceMetric metric;
  private final boolean unit;
  private final int blockShift;
  private final int blockRows;
  private final int blockMask;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private float[][] blocks = new float[0][];
  private String[] ids = new String[0];
  /** Open-addressing table from id to row + 1 (0 = empty slot), probing linearly; keys are read from {@link #ids}. */
  private int[] slots = new int[16];
  private int size;

  /**
   * An empty index.
   *
   * @param dimension length of every vector
   * @param metric how distances are measured; it decides whether vectors are stored normalised
   */
  public FaceIndex(int dimension, DistanceMetric metric) {
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException("dimension must be in [1, " + MAX_DIMENSION + "], got " + dimension);
    }
    this.dimension = dimension;
    this.metric = Objects.requireNonNull(metric, "metric");
    this.unit = metric != DistanceMetric.EUCLIDEAN;
    this.blockRows = Integer.highestOneBit(Math.max(1, BLOCK_FLOATS / dimension));
    this.blockShift = Integer.numberOfTrailingZeros(blockRows);
    this.blockMask = blockRows - 1;
  }

  public int dimension() {
    return dimension;
  }

  public DistanceMetric metric() {
    return metric;
  }

  /** Number of vectors. */
  public int size() {
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  public boolean contains(String id) {
    lock.readLock().lock();
    try {
      return rowOf(id) >= 0;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A copy of the stored vector (unit length for the dot-product metrics), or null when the id is absent. */
  public float[] vector(String id) {
    lock.readLock().lock();
    try {
      int row = rowOf(id);
      if (row < 0) {
        return null;
      }
      float[] out = new float[dimension];
      System.arraycopy(blocks[row >>> blockShift], (row & blockMask) * dimension, out, 0, dimension);
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The ids, in storage order (which changes when vectors are removed). */
  public List<String> ids() {
    lock.readLock().lock();
    try {
      return List.of(Arrays.copyOf(ids, size));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Adds {@code vector} under {@code id}, replacing the vector already stored under that id.
   *
   * @throws IllegalArgumentException for a wrong length, a non-finite value, or (for the dot-product metrics)
   *     a zero vector
   */
  public void add(String id, float[] vector) {
    Objects.requireNonNull(id, "id");
    float[] row = prepare(vector, "vector");
    lock.writeLock().lock();
    try {
      int r = rowOf(id);
      if (r < 0) {
        r = size;
        ensureCapacity(size + 1);
        ids[r] = id;
        insertSlot(r);
        size++;
      }
      System.arraycopy(row, 0, blocks[r >>> blockShift], (r & blockMask) * dimension, dimension);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Adds each {@code ids[i]} with {@code vectors[i]}; all are validated before any is added. */
  public void addAll(List<String> newIds, List<float[]> vectors) {
    if (newIds.size() != vectors.size()) {
      throw new IllegalArgumentException(newIds.size() + " ids but " + vectors.size() + " vectors");
    }
    List<float[]> rows = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      Objects.requireNonNull(newIds.get(i), "id");
      rows.add(prepare(vectors.get(i), "vector " + i));
    }
    lock.writeLock().lock();
    try {
      ensureCapacity(size + rows.size());
      for (int i = 0; i < rows.size(); i++) {
        String id = newIds.get(i);
        int r = rowOf(id);
        if (r < 0) {
          r = size++;
          ids[r] = id;
          insertSlot(r);
        }
        System.arraycopy(rows.get(i), 0, blocks[r >>> blockShift], (r & blockMask) * dimension, dimension);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes the vector stored under {@code id}; false when there is none. The last row moves into its place. */
  public boolean remove(String id) {
    lock.writeLock().lock();
    try {
      int slot = slotOf(id);
      if (slot < 0) {
        return false;
      }
      int r = slots[slot] - 1;
      deleteSlot(slot);
      int last = size - 1;
      if (r != last) {
        System.arraycopy(blocks[last >>> blockShift], (last & blockMask) * dimension, blocks[r >>> blockShift],
            (r & blockMask) * dimension, dimension);
        slots[slotOf(ids[last])] = r + 1;
        ids[r] = ids[last];
      }
      ids[last] = null;
      size--;
      // Give back empty blocks beyond one spare.
      int neededBlocks = (size + blockRows - 1) >>> blockShift;
      for (int b = neededBlocks + 1; b < blocks.length && blocks[b] != null; b++) {
        blocks[b] = null;
      }
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static int hash(String id) {
    int h = id.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** The slot holding {@code id}, or -1. */
  private int slotOf(String id) {
    int mask = slots.length - 1;
    for (int i = hash(id) & mask; ; i = (i + 1) & mask) {
      int entry = slots[i];
      if (entry == 0) {
        return -1;
      }
      if (ids[entry - 1].equals(id)) {
        return i;
      }
    }
  }

  private int rowOf(String id) {
    int slot = slotOf(id);
    return slot < 0 ? -1 : slots[slot] - 1;
  }

  /**
   * Records that {@code ids[row]} lives in {@code row}; the id must be absent and every lower row already
   * recorded. Keeps the table at most half full.
   */
  private void insertSlot(int row) {
    if ((long) (row + 1) * 2 > slots.length) {
      int[] old = slots;
      slots = new int[old.length * 2];
      for (int entry : old) {
        if (entry != 0) {
          place(entry);
        }
      }
    }
    place(row + 1);
  }

  private void place(int entry) {
    int mask = slots.length - 1;
    int i = hash(ids[entry - 1]) & mask;
    while (slots[i] != 0) {
      i = (i + 1) & mask;
    }
    slots[i] = entry;
  }

  /** Empties {@code slot}, shifting later entries of its probe run back so that every entry stays reachable. */
  private void deleteSlot(int slot) {
    int mask = slots.length - 1;
    int gap = slot;
    for (int j = (slot + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
      int home = hash(ids[slots[j] - 1]) & mask;
      // Move j into the gap when its home is not in the cyclic range (gap, j].
      boolean homeInRange = gap <= j ? home > gap && home <= j : home > gap || home <= j;
      if (!homeInRange) {
        slots[gap] = slots[j];
        gap = j;
      }
    }
    slots[gap] = 0;
  }

  /** Removes every vector and gives back their memory. */
  public void clear() {
    lock.writeLock().lock();
    try {
      blocks = new float[0][];
      ids = new String[0];
      slots = new int[16];
      size = 0;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void ensureCapacity(int rows) {
    int neededBlocks = (rows + blockRows - 1) >>> blockShift;
    if (neededBlocks > blocks.length) {
      blocks = Arrays.copyOf(blocks, Math.max(neededBlocks, blocks.length + (blocks.length >> 1)));
    }
    for (int b = neededBlocks - 1; b >= 0 && blocks[b] == null; b--) {
      blocks[b] = new float[blockRows * dimension];
    }
    if (rows > ids.length) {
      ids = Arrays.copyOf(ids, Math.max(rows, ids.length + (ids.length >> 1)));
    }
  }

  private float[] prepare(float[] vector, String what) {
    return StoredVectors.prepare(vector, what, dimension, unit, metric, "index");
  }

  /** The {@code k} nearest vectors, closest first (ties by id). */
  public List<Neighbor> search(float[] query, int k) {
    return search(query, k, Double.POSITIVE_INFINITY);
  }

  /**
   * The at most {@code k} nearest vectors whose distance is at most {@code maxDistance}, closest first
   * (ties by id). {@code k = Integer.MAX_VALUE} returns every vector within {@code maxDistance}.
   */
  public List<Neighbor> search(float[] query, int k, double maxDistance) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if (Double.isNaN(maxDistance)) {
      throw new IllegalArgumentException("maxDistance is NaN");
    }
    float[] q = prepare(query, "query");
    float minScore = minScore(maxDistance);
    lock.readLock().lock();
    try {
      int n = size;
      if (n == 0 || maxDistance < 0) {
        return List.of();
      }
      int cap = Math.min(k, n);
      TopK top;
      long work = (long) n * dimension;
      int threads = ForkJoinPool.getCommonPoolParallelism() + 1;
      if (work < PARALLEL_MIN_WORK || threads < 2) {
        top = scan(q, 0, n, minScore, cap);
      } else {
        int chunks = Math.min(threads * 4, (n + 1023) / 1024);
        int per = (n + chunks - 1) / chunks;
        top = IntStream.range(0, chunks).parallel()
            .mapToObj(c -> scan(q, c * per, Math.min(n, (c + 1) * per), minScore, cap))
            .reduce(TopK::merge).orElseThrow();
      }
      List<Neighbor> out = new ArrayList<>(top.size);
      for (int i = 0; i < top.size; i++) {
        int row = top.rows[i];
        double d = exactDistance(q, blocks[row >>> blockShift], (row & blockMask) * dimension);
        if (d <= maxDistance) {
          out.add(new Neighbor(ids[row], d));
        }
      }
      out.sort(Comparator.comparingDouble(Neighbor::distance).thenComparing(Neighbor::id));
      return out.size() > k ? List.copyOf(out.subList(0, k)) : out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The float score a row must reach to be within {@code maxDistance}, loosened by {@link #SCORE_SLACK}. */
  private float minScore(double maxDistance) {
    if (Double.isInfinite(maxDistance)) {
      return Float.NEGATIVE_INFINITY;
    }
    double s = switch (metric) {
      case COSINE -> 1 - maxDistance;
      case EUCLIDEAN_L2 -> 1 - maxDistance * maxDistance / 2;
      case ANGULAR -> maxDistance >= 1 ? -1 : Math.cos(maxDistance * Math.PI);
      case EUCLIDEAN -> -maxDistance * maxDistance;
    };
    if (metric == DistanceMetric.EUCLIDEAN) {
      return (float) (s - Math.max(SCORE_SLACK, Math.abs(s) * 1e-4));
    }
    return s <= -1 ? Float.NEGATIVE_INFINITY : (float) s - SCORE_SLACK;
  }

  private TopK scan(float[] q, int from, int to, float minScore, int cap) {
    TopK top = new TopK(cap);
    int dim = dimension;
    for (int row = from; row < to; row++) {
      float[] block = blocks[row >>> blockShift];
      int off = (row & blockMask) * dim;
      float score = unit ? dot(q, block, off, dim) : -squaredDistance(q, block, off, dim);
      if (score >= minScore) {
        top.offer(score, row);
      }
    }
    return top;
  }

  private double exactDistance(float[] q, float[] block, int off) {
    if (!unit) {
      double s = 0;
      for (int i = 0; i < dimension; i++) {
        double d = (double) q[i] - block[off + i];
        s += d * d;
      }
      return Math.sqrt(s);
    }
    double dot = 0;
    double nq = 0;
    double nv = 0;
    for (int i = 0; i < dimension; i++) {
      double a = q[i];
      double b = block[off + i];
      dot += a * b;
      nq += a * a;
      nv += b * b;
    }
    double cos = Math.max(-1, Math.min(1, dot / Math.sqrt(nq * nv)));
    return switch (metric) {
      case COSINE -> 1 - cos;
      case EUCLIDEAN_L2 -> Math.sqrt(Math.max(0, 2 - 2 * cos));
      case ANGULAR -> Math.acos(cos) / Math.PI;
      case EUCLIDEAN -> throw new AssertionError();
    };
  }

  /** Dot product of {@code a} with {@code b[off, off + dim)}; eight accumulators let the CPU overlap the adds. */
  static float dot(float[] a, float[] b, int off, int dim) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = 0;
    for (int end = dim - 7; i < end; i += 8) {
      s0 += a[i] * b[off + i];
      s1 += a[i + 1] * b[off + i + 1];
      s2 += a[i + 2] * b[off + i + 2];
      s3 += a[i + 3] * b[off + i + 3];
      s4 += a[i + 4] * b[off + i + 4];
      s5 += a[i + 5] * b[off + i + 5];
      s6 += a[i + 6] * b[off + i + 6];
      s7 += a[i + 7] * b[off + i + 7];
    }
    for (; i < dim; i++) {
      s0 += a[i] * b[off + i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  static float squaredDistance(float[] a, float[] b, int off, int dim) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (int end = dim - 3; i < end; i += 4) {
      float d0 = a[i] - b[off + i];
      float d1 = a[i + 1] - b[off + i + 1];
      float d2 = a[i + 2] - b[off + i + 2];
      float d3 = a[i + 3] - b[off + i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < dim; i++) {
      float d = a[i] - b[off + i];
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Writes the index to {@code file} atomically, in a self-checking format. */
  public void save(Path file) {
    save(file, "");
  }

  void save(Path file, String tag) {
    lock.readLock().lock();
    try {
      ChecksummedFiles.write(file, out -> {
        out.writeLong(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(metric.name());
        out.writeInt(dimension);
        out.writeUTF(tag);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
          out.writeUTF(ids[i]);
        }
        byte[] scratch = new byte[blockRows * dimension * 4];
        int rowsPerWrite = blockRows;
        for (int start = 0; start < size; start += rowsPerWrite) {
          int rows = Math.min(rowsPerWrite, size - start);
          ChecksummedFiles.writeFloats(out, blocks[start >>> blockShift], (start & blockMask) * dimension,
              rows * dimension, scratch);
        }
      });
    } catch (IOException e) {
      throw new FindException("cannot write the face index " + file, e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Reads an index {@link #save} wrote.
   *
   * @throws CorruptIndexException the file is damaged, truncated or not a face index
   * @throws FindException the file cannot be read
   */
  public static FaceIndex load(Path file) {
    return loadTagged(file).index();
  }

  record Tagged(FaceIndex index, String tag) {}

  static Tagged loadTagged(Path file) {
    try {
      long fileSize = Files.size(file);
      return ChecksummedFiles.read(file, in -> readBody(in, file, fileSize));
    } catch (IOException e) {
      throw new FindException("cannot read the face index " + file, e);
    }
  }

  private static Tagged readBody(DataInputStream in, Path file, long fileSize) throws IOException {
    ChecksummedFiles.expectMagic(in, MAGIC, file, "face index");
    int version = in.readInt();
    if (version != VERSION) {
      throw new CorruptIndexException(file, "version " + version + " (this library reads version " + VERSION + ")");
    }
    DistanceMetric metric;
    try {
      metric = DistanceMetric.valueOf(in.readUTF());
    } catch (IllegalArgumentException e) {
      throw new CorruptIndexException(file, "unknown metric", e);
    }
    int dim = in.readInt();
    if (dim < 1 || dim > MAX_DIMENSION) {
      throw new CorruptIndexException(file, "dimension " + dim);
    }
    String tag = in.readUTF();
    int n = in.readInt();
    if (n < 0 || (long) n * dim * 4 > fileSize) {
      throw new CorruptIndexException(file, "vector count " + n + " does not fit in " + fileSize + " bytes");
    }
    FaceIndex index = new FaceIndex(dim, metric);
    index.ensureCapacity(n);
    for (int i = 0; i < n; i++) {
      String id = in.readUTF();
      index.ids[i] = id;
      if (index.rowOf(id) >= 0) {
        throw new CorruptIndexException(file, "id '" + id + "' appears twice");
      }
      index.insertSlot(i);
    }
    byte[] scratch = new byte[index.blockRows * dim * 4];
    for (int start = 0; start < n; start += index.blockRows) {
      int rows = Math.min(index.blockRows, n - start);
      ChecksummedFiles.readFloats(in, index.blocks[start >>> index.blockShift], (start & index.blockMask) * dim, rows * dim,
          scratch);
    }
    index.size = n;
    return new Tagged(index, tag);
  }

  /** A bounded min-heap of (score, row): the best {@code cap} rows seen. */
  private static final class TopK {
    private final int cap;
    float[] scores;
    int[] rows;
    int size;

    TopK(int cap) {
      this.cap = cap;
      int initial = Math.min(cap, 64);
      scores = new float[initial];
      rows = new int[initial];
    }

    void offer(float score, int row) {
      if (size < cap) {
        if (size == scores.length) {
          int grown = (int) Math.min(cap, Math.max(16L, scores.length * 2L));
          scores = Arrays.copyOf(scores, grown);
          rows = Arrays.copyOf(rows, grown);
        }
        scores[size] = score;
        rows[size] = row;
        siftUp(size++);
      } else if (score > scores[0]) {
        scores[0] = score;
        rows[0] = row;
        siftDown(0);
      }
    }

    TopK merge(TopK other) {
      for (int i = 0; i < other.size; i++) {
        offer(other.scores[i], other.rows[i]);
      }
      return this;
    }

    private void siftUp(int i) {
      float s = scores[i];
      int r = rows[i];
      while (i > 0) {
        int p = (i - 1) >>> 1;
        if (scores[p] <= s) {
          break;
        }
        scores[i] = scores[p];
        rows[i] = rows[p];
        i = p;
      }
      scores[i] = s;
      rows[i] = r;
    }

    private void siftDown(int i) {
      float s = scores[i];
      int r = rows[i];
      int half = size >>> 1;
      while (i < half) {
        int c = 2 * i + 1;
        if (c + 1 < size && scores[c + 1] < scores[c]) {
          c++;
        }
        if (s <= scores[c]) {
          break;
        }
        scores[i] = scores[c];
        rows[i] = rows[c];
        i = c;
      }
      scores[i] = s;
      rows[i] = r;
    }
  }
}
