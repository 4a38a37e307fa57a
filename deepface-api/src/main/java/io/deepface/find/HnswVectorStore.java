package io.deepface.find;

import io.deepface.verify.DistanceMetric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code hnsw} store: approximate nearest-neighbour search with Lucene's HNSW graphs
 * ({@link KnnFloatVectorField}), kept in a directory on disk (memory-mapped) or in memory.
 *
 * <p>A search asks the graph for {@code max(k * overFetch, candidates)} candidates (Lucene's search beam
 * grows with it; at most 10 000) and re-ranks them by exact double-precision distance to the stored vectors,
 * so reported distances are exact and more candidates buy recall. A search for every vector within a
 * distance ({@code k = Integer.MAX_VALUE}) returns at most {@code candidates} of them. Vectors are stored normalised
 * ({@code DOT_PRODUCT}) for the cosine, euclidean_l2 and angular metrics, as given ({@code EUCLIDEAN})
 * for euclidean.
 *
 * <p>Properties ({@link VectorStoreConfig#properties()}): {@code m} graph degree (default 16),
 * {@code beamWidth} build beam (default 50, half Lucene's 100: half the build time, the search candidates make up
 * the recall), {@code candidates} minimum candidates per search (default 800; was 400), {@code overFetch} candidates per
 * requested hit (default 4), {@code quantize} {@code int7} (default: Lucene's 7-bit scalar quantization, a quarter
 * of the memory for the graph search and merges; the re-rank reads the float vectors, so distances stay exact) or
 * {@code none}, {@code ramBufferMB} indexing buffer (default 256), {@code indexThreads} threads for bulk
 * {@link #addAll} (default: the cores), {@code bulkMerge} (default {@code true}: a store filled from empty in one
 * writing session, from its first change to the {@link #commit}, is flushed without intermediate merges, each of
 * which would build most graphs again, and merged into one segment, one graph, at the commit, on all cores; later
 * sessions leave merging to Lucene's merge policy, whose merges start from the largest segment's graph).
 *
 * <p>On Java 21 and later Lucene computes distances with the SIMD vector API when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (Lucene 9.12 needs
 * {@code -Dorg.apache.lucene.vectorization.upperJavaFeatureVersion=25} to use it on Java 23 and later); the store
 * itself runs on Java 17.
 *
 * <p>The Lucene index writer is open only between the first change and the next {@link #commit}, so
 * several processes can share one directory as long as their changes are serialised (as {@link Gallery}
 * does with its file lock); a writer that finds the directory locked fails with a {@link FindException}.
 * Thread-safe.
 */
public final class HnswVectorStore implements VectorStore {
  private static final Logger LOG = LoggerFactory.getLogger(HnswVectorStore.class);
  static final String ID = "id";
  static final String VECTOR = "v";
  static final String TAG = "deepface.tag";
  private static final int MAX_CANDIDATES = 10_000;
  /** Half Lucene's default (100): half the build time; the search's candidates make up the recall. */
  static final int DEFAULT_BEAM_WIDTH = 50;
  /**
   * Default minimum number of candidates a search re-ranks: recall@10 0.998 over 200 000 face-like vectors with the
   * default graph (0.984 with 400), in a twentieth of the exact scan's time.
   */
  static final int DEFAULT_CANDIDATES = 800;
  /** Searchers that visit the segments (one HNSW graph each) in parallel on a shared pool of daemon threads. */
  private static final org.apache.lucene.search.SearcherFactory SEARCHERS = new org.apache.lucene.search.SearcherFactory() {
    @Override
    public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader,
        org.apache.lucene.index.IndexReader previous) {
      return reader.leaves().size() > 1 ? new IndexSearcher(reader, SearchPool.EXECUTOR) : new IndexSearcher(reader);
    }
  };

  private final Directory directory;
  private final String where;
  private final int dimension;
  private final DistanceMetric metric;
  private final boolean unit;
  private final int m;
  private final int beamWidth;
  private final int candidates;
  private final int overFetch;
  private final boolean quantize;
  private final double ramBufferMB;
  private final int indexThreads;
  private final boolean bulkMerge;
  /**
   * True while the writer fills a store that was empty when it opened, with {@link #bulkMerge}: Lucene merges
   * nothing until the commit, which merges everything into one segment. Guarded by {@link #state}.
   */
  private volatile boolean bulk;
  /** Shared by changes, exclusive for opening and closing the writer (first change, commit, close). */
  private final ReentrantReadWriteLock state = new ReentrantReadWriteLock();
  private volatile IndexWriter writer;
  private volatile SearcherManager searchers;
  /** Number of changes made so far, counted after each completes. */
  private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
  /** Changes the current searcher is known to show; guarded by {@link #refreshLock} for writes. */
  private volatile long searchable;
  private final Object refreshLock = new Object();
  private volatile boolean closed;

  private HnswVectorStore(VectorStoreConfig config) {
    this.dimension = config.dimension();
    this.metric = config.metric();
    this.unit = metric != DistanceMetric.EUCLIDEAN;
    this.m = config.intProperty("m", Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN);
    this.beamWidth = config.intProperty("beamWidth", DEFAULT_BEAM_WIDTH);
    this.candidates = config.intProperty("candidates", DEFAULT_CANDIDATES);
    this.overFetch = config.intProperty("overFetch", 4);
    this.ramBufferMB = config.intProperty("ramBufferMB", 256);
    this.indexThreads = Math.max(1, config.intProperty("indexThreads", Runtime.getRuntime().availableProcessors()));
    String b = config.properties().getOrDefault("bulkMerge", "true");
    if (!b.equals("true") && !b.equals("false")) {
      throw new IllegalArgumentException("hnsw property bulkMerge must be true or false, got '" + b + "'");
    }
    this.bulkMerge = b.equals("true");
    String q = config.properties().getOrDefault("quantize", "int7");
    if (!q.equals("none") && !q.equals("int7")) {
      throw new IllegalArgumentException("hnsw property quantize must be none or int7, got '" + q + "'");
    }
    this.quantize = q.equals("int7");
    if (m < 2 || m > Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN || beamWidth < 1
        || beamWidth > Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH || candidates < 1 || overFetch < 1) {
      throw new IllegalArgumentException("hnsw properties out of range: m=" + m + " beamWidth=" + beamWidth
          + " candidates=" + candidates + " overFetch=" + overFetch);
    }
    int maxDim = new Lucene99HnswVectorsFormat().getMaxDimensions(VECTOR);
    if (dimension > maxDim) {
      throw new FindException("the hnsw store supports at most " + maxDim + " dimensions, got " + dimension);
    }
    try {
      if (config.directory() == null) {
        this.directory = new ByteBuffersDirectory();
        this.where = "memory";
      } else {
        Files.createDirectories(config.directory());
        this.directory = FSDirectory.open(config.directory());
        this.where = config.directory().toString();
      }
      if (!DirectoryReader.indexExists(directory)) {
        try {
          openWriter();
          writer.commit();
          closeWriter();
        } catch (IOException | RuntimeException e) {
          closeQuietly(writer);
          closeQuietly(directory);
          throw e;
        }
      }
    } catch (IOException e) {
      throw new FindException("cannot open the hnsw store in " + config.directory(), e);
    }
    try {
      this.searchers = new SearcherManager(directory, SEARCHERS);
      checkFields();
    } catch (IOException | RuntimeException e) {
      closeQuietly(searchers);
      closeQuietly(directory);
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new FindException("cannot open the hnsw store in " + config.directory(), e);
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing after a failed open: {}", e.toString());
    }
  }

  /** Opens a store directly (also available as {@code VectorStores.open("hnsw", config)}). */
  public static HnswVectorStore open(VectorStoreConfig config) {
    return new HnswVectorStore(config);
  }

  /** Fails early when an existing index holds vectors of another dimension or similarity. */
  private void checkFields() throws IOException {
    IndexSearcher s = searchers.acquire();
    try {
      for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
        var info = leaf.reader().getFieldInfos().fieldInfo(VECTOR);
        if (info != null && (info.getVectorDimension() != dimension || info.getVectorSimilarityFunction() != similarity())) {
          throw new FindException("the hnsw store in " + where + " holds " + info.getVectorDimension() + "-d "
              + info.getVectorSimilarityFunction() + " vectors, not " + dimension + "-d " + similarity());
        }
      }
    } finally {
      searchers.release(s);
    }
  }

  private VectorSimilarityFunction similarity() {
    return unit ? VectorSimilarityFunction.DOT_PRODUCT : VectorSimilarityFunction.EUCLIDEAN;
  }

  /** Threads that search the segments of one index in parallel, made on first use. */
  private static final class SearchPool {
    static final ExecutorService EXECUTOR = daemonPool("deepface-hnsw-search");
  }

  /** Threads that merge HNSW graphs, made on first use. */
  private static final class MergePool {
    static final ExecutorService EXECUTOR = daemonPool("deepface-hnsw-merge");
  }

  private static ExecutorService daemonPool(String name) {
    return Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  private IndexWriterConfig writerConfig() {
    int workers = Runtime.getRuntime().availableProcessors();
    ExecutorService exec = workers > 1 ? MergePool.EXECUTOR : null;
    int mergeWorkers = workers > 1 ? workers : 1;
    KnnVectorsFormat format = quantize
        ? new Lucene99HnswScalarQuantizedVectorsFormat(m, beamWidth, mergeWorkers, 7, false, null, exec)
        : new Lucene99HnswVectorsFormat(m, beamWidth, mergeWorkers, exec);
    IndexWriterConfig c = new IndexWriterConfig();
    c.setCodec(new Lucene912Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return format;
      }
    });
    c.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    c.setRAMBufferSizeMB(ramBufferMB);
    return c;
  }

  @FunctionalInterface
  private interface WriterAction {
    void run(IndexWriter writer) throws IOException;
  }

  /**
   * Runs a change with the writer, opening it first (and switching searches to near-real-time readers)
   * when this is the first change since the last commit.
   */
  private void withWriter(String what, WriterAction action) {
    while (true) {
      state.readLock().lock();
      try {
        if (closed) {
          throw new IllegalStateException("this hnsw store is closed");
        }
        IndexWriter w = writer;
        if (w != null) {
          action.run(w);
          changes.incrementAndGet();
          return;
        }
      } catch (IOException e) {
        throw new FindException("cannot " + what + " the hnsw store in " + where, e);
      } finally {
        state.readLock().unlock();
      }
      state.writeLock().lock();
      try {
        if (closed) {
          throw new IllegalStateException("this hnsw store is closed");
        }
        if (writer == null) {
          openWriterForChanges();
        }
      } catch (IOException e) {
        throw new FindException("cannot open the hnsw store in " + where + " for writing", e);
      } finally {
        state.writeLock().unlock();
      }
    }
  }

  /** Opens the writer and searches through it. Holds {@link #state}'s write lock: no change is in flight. */
  private void openWriterForChanges() throws IOException {
    openWriter();
    bulk = bulkMerge && writer.getDocStats().maxDoc == 0;
    if (bulk) {
      // Every flush builds a graph; merging before the commit would build most of them again.
      writer.getConfig().setMergePolicy(NoMergePolicy.INSTANCE);
    }
    swapSearchers(new SearcherManager(writer, SEARCHERS));
  }

  /** Replaces the searcher manager; the new one shows every change made so far. Holds {@link #state}'s write lock. */
  private void swapSearchers(SearcherManager next) throws IOException {
    SearcherManager old = searchers;
    synchronized (refreshLock) {
      searchers = next;
      searchable = changes.get();
    }
    old.close();
  }

  private void openWriter() throws IOException {
    try {
      writer = new IndexWriter(directory, writerConfig());
    } catch (LockObtainFailedException e) {
      throw new FindException("the hnsw store in " + where + " is being written by another process or store", e);
    }
  }

  /** Closes the writer after waiting for running merges (and committing their result). */
  private void closeWriter() throws IOException {
    IndexWriter w = writer;
    writer = null;
    if (w != null) {
      w.close();
    }
  }

  @Override
  public String name() {
    return VectorStores.HNSW;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public DistanceMetric metric() {
    return metric;
  }

  @Override
  public int size() {
    return withSearcher(s -> s.getIndexReader().numDocs());
  }

  private Document document(String id, float[] vector) {
    float[] v = prepare(vector, "vector");
    Document doc = new Document();
    doc.add(new StringField(ID, id, Field.Store.NO));
    doc.add(new BinaryDocValuesField(ID, new BytesRef(id)));
    doc.add(new KnnFloatVectorField(VECTOR, v, similarity()));
    return doc;
  }

  private float[] prepare(float[] vector, String what) {
    return StoredVectors.prepare(vector, what, dimension, unit, metric, "store");
  }

  @Override
  public void add(String id, float[] vector) {
    Objects.requireNonNull(id, "id");
    Document doc = document(id, vector);
    withWriter("add to", w -> w.updateDocument(new Term(ID, id), doc));
  }

  /**
   * Adds in bulk, on {@code indexThreads} threads. Into an empty store documents are appended without
   * the per-id delete that replacing needs.
   */
  @Override
  public void addAll(List<String> ids, List<float[]> vectors) {
    if (ids.size() != vectors.size()) {
      throw new IllegalArgumentException(ids.size() + " ids but " + vectors.size() + " vectors");
    }
    if (ids.isEmpty()) {
      return;
    }
    for (int i = 0; i < ids.size(); i++) {
      Objects.requireNonNull(ids.get(i), "id");
      prepare(vectors.get(i), "vector " + i);
    }
    boolean unique = new java.util.HashSet<>(ids).size() == ids.size();
    // Asking the writer (not a reader) whether the store is empty flushes nothing: bulk loads stay in few segments.
    withWriter("add to", w -> addAll(w, ids, vectors, unique && w.getDocStats().maxDoc == 0));
  }

  private void addAll(IndexWriter w, List<String> ids, List<float[]> vectors, boolean append) throws IOException {
    int threads = ids.size() < 10_000 ? 1 : indexThreads;
    IoRange task = (from, to) -> {
      for (int i = from; i < to; i++) {
        Document doc = document(ids.get(i), vectors.get(i));
        if (append) {
          w.addDocument(doc);
        } else {
          w.updateDocument(new Term(ID, ids.get(i)), doc);
        }
      }
    };
    try {
      if (threads == 1) {
        task.run(0, ids.size());
      } else {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
          Thread t = new Thread(r, "deepface-hnsw-index");
          t.setDaemon(true);
          return t;
        });
        try {
          List<Future<?>> futures = new ArrayList<>();
          int per = (ids.size() + threads - 1) / threads;
          for (int t = 0; t < threads; t++) {
            int from = t * per;
            int to = Math.min(ids.size(), from + per);
            futures.add(pool.submit(() -> {
              task.run(from, to);
              return null;
            }));
          }
          for (Future<?> f : futures) {
            f.get();
          }
        } finally {
          pool.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FindException("interrupted while adding to the hnsw store", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw c instanceof IOException io ? io : new IOException(c);
    }
  }

  @FunctionalInterface
  private interface IoRange {
    void run(int from, int to) throws IOException;
  }

  @Override
  public void remove(String id) {
    withWriter("remove from", w -> w.deleteDocuments(new Term(ID, id)));
  }

  @Override
  public void clear() {
    withWriter("clear", IndexWriter::deleteAll);
  }

  /**
   * Merges the index down to at most {@code maxSegments} segments (each one HNSW graph), which makes
   * searches faster after a bulk load; expensive for large stores. Needs a {@link #commit} to be durable.
   */
  public void forceMerge(int maxSegments) {
    withWriter("merge", w -> {
      endBulk(w);
      w.forceMerge(maxSegments);
    });
  }

  /** Gives the writer its merge policy back after a bulk load. */
  private void endBulk(IndexWriter w) {
    synchronized (this) {
      if (bulk) {
        bulk = false;
        w.getConfig().setMergePolicy(new TieredMergePolicy());
      }
    }
  }

  /** The minimum number of graph candidates a search re-ranks (property {@code candidates}). */
  public int candidates() {
    return candidates;
  }

  /** Number of index segments searches visit (one HNSW graph each). */
  public int segmentCount() {
    return withSearcher(s -> s.getIndexReader().leaves().size());
  }

  @Override
  public List<Neighbor> search(float[] query, int k, double maxDistance) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if (Double.isNaN(maxDistance)) {
      throw new IllegalArgumentException("maxDistance is NaN");
    }
    float[] q = prepare(query, "query");
    return withSearcher(s -> {
      int n = s.getIndexReader().numDocs();
      if (n == 0 || maxDistance < 0) {
        return List.of();
      }
      // Unbounded k (every vector within maxDistance) cannot be honoured by a graph: take the candidates.
      long want = k == Integer.MAX_VALUE ? candidates : Math.max((long) Math.min(k, n) * overFetch, candidates);
      int fetch = (int) Math.min(Math.min(want, MAX_CANDIDATES), n);
      ScoreDoc[] hits = s.search(new KnnFloatVectorQuery(VECTOR, q, fetch), fetch).scoreDocs;
      return rerank(s, hits, q, k, maxDistance);
    });
  }

  /** Exact distances for the candidates, read from the stored vectors leaf by leaf in doc order. */
  private List<Neighbor> rerank(IndexSearcher s, ScoreDoc[] hits, float[] q, int k, double maxDistance)
      throws IOException {
    int[] docs = Arrays.stream(hits).mapToInt(h -> h.doc).sorted().toArray();
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    List<Neighbor> out = new ArrayList<>(docs.length);
    int i = 0;
    while (i < docs.length) {
      LeafReaderContext ctx = leaves.get(ReaderUtil.subIndex(docs[i], leaves));
      LeafReader leaf = ctx.reader();
      FloatVectorValues vectors = leaf.getFloatVectorValues(VECTOR);
      BinaryDocValues ids = leaf.getBinaryDocValues(ID);
      int end = ctx.docBase + leaf.maxDoc();
      for (; i < docs.length && docs[i] < end; i++) {
        int doc = docs[i] - ctx.docBase;
        if (vectors == null || ids == null || vectors.advance(doc) != doc || !ids.advanceExact(doc)) {
          throw new FindException("hnsw store in " + where + ": document " + docs[i] + " has no vector or id");
        }
        double d = distance(q, vectors.vectorValue());
        if (d <= maxDistance) {
          BytesRef id = ids.binaryValue();
          out.add(new Neighbor(new String(id.bytes, id.offset, id.length, StandardCharsets.UTF_8), d));
        }
      }
    }
    out.sort(Comparator.comparingDouble(Neighbor::distance).thenComparing(Neighbor::id));
    return out.size() > k ? List.copyOf(out.subList(0, k)) : out;
  }

  private double distance(float[] q, float[] v) {
    if (!unit) {
      double s = 0;
      for (int i = 0; i < dimension; i++) {
        double d = (double) q[i] - v[i];
        s += d * d;
      }
      return Math.sqrt(s);
    }
    double dot = 0;
    double nq = 0;
    double nv = 0;
    for (int i = 0; i < dimension; i++) {
      dot += (double) q[i] * v[i];
      nq += (double) q[i] * q[i];
      nv += (double) v[i] * v[i];
    }
    double cos = Math.max(-1, Math.min(1, dot / Math.sqrt(nq * nv)));
    return switch (metric) {
      case COSINE -> 1 - cos;
      case EUCLIDEAN_L2 -> Math.sqrt(Math.max(0, 2 - 2 * cos));
      case ANGULAR -> Math.acos(cos) / Math.PI;
      case EUCLIDEAN -> throw new AssertionError();
    };
  }

  @FunctionalInterface
  private interface SearcherFunction<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  private <T> T withSearcher(SearcherFunction<T> f) {
    for (int attempt = 0; ; attempt++) {
      if (closed) {
        throw new IllegalStateException("this hnsw store is closed");
      }
      try {
        long wanted = changes.get();
        if (searchable < wanted) {
          // Read-your-writes: refresh so that every change completed before this search is visible.
          synchronized (refreshLock) {
            if (searchable < wanted) {
              searchers.maybeRefreshBlocking();
              searchable = wanted;
            }
          }
        }
        SearcherManager mgr = searchers;
        IndexSearcher s = mgr.acquire();
        try {
          return f.apply(s);
        } finally {
          mgr.release(s);
        }
      } catch (AlreadyClosedException e) {
        // A commit or the first change swapped the searcher manager: use the new one.
        if (attempt > 100) {
          throw e;
        }
      } catch (IOException e) {
        throw new FindException("cannot search the hnsw store in " + where, e);
      }
    }
  }

  /**
   * Commits every change with {@code tag} and closes the writer, so that another process can write
   * next; searches continue on the committed index.
   */
  @Override
  public void commit(String tag) {
    Objects.requireNonNull(tag, "tag");
    state.writeLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("this hnsw store is closed");
      }
      if (writer == null) {
        openWriterForChanges();
      }
      if (bulk) {
        endBulk(writer);
        // One graph: Lucene's merge starts from the largest segment's graph and inserts the others' vectors
        // on the merge threads.
        writer.forceMerge(1);
      }
      writer.setLiveCommitData(Map.of(TAG, tag).entrySet());
      writer.commit();
      closeWriter();
      swapSearchers(new SearcherManager(directory, SEARCHERS));
    } catch (IOException e) {
      throw new FindException("cannot commit the hnsw store in " + where, e);
    } finally {
      state.writeLock().unlock();
    }
  }

  /** The tag of the latest commit in the directory; also refreshes searches to that commit when not writing. */
  @Override
  public Optional<String> tag() {
    state.writeLock().lock();
    try {
      if (writer == null) {
        searchers.maybeRefreshBlocking();
      }
      return Optional.ofNullable(SegmentInfos.readLatestCommit(directory).getUserData().get(TAG));
    } catch (IOException e) {
      throw new FindException("cannot read the hnsw store in " + where, e);
    } finally {
      state.writeLock().unlock();
    }
  }

  /** Closes the store; changes since the last {@link #commit} are dropped. */
  @Override
  public void close() {
    state.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      IndexWriter w = writer;
      writer = null;
      if (w != null) {
        w.rollback();
      }
      searchers.close();
      directory.close();
    } catch (IOException e) {
      LOG.warn("Closing the hnsw store in {} failed: {}", where, e.toString());
    } finally {
      state.writeLock().unlock();
    }
  }

  /** Provider of {@link HnswVectorStore}. */
  public static final class Provider implements VectorStoreProvider {
    /**
     * Checks that Lucene is on the classpath: without it the constructor fails and {@link VectorStores} skips
     * this provider with one warning, as it does any provider whose classes are missing.
     */
    public Provider() {
      java.util.Objects.requireNonNull(org.apache.lucene.util.Version.LATEST, "Lucene");
    }

    @Override
    public String name() {
      return VectorStores.HNSW;
    }

    @Override
    public String description() {
      return "approximate search with Lucene HNSW graphs on disk (memory-mapped), re-ranked exactly";
    }

    @Override
    public VectorStore open(VectorStoreConfig config) {
      return new HnswVectorStore(config);
    }
  }
}
