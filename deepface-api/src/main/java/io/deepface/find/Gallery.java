package io.deepface.find;

import io.deepface.FaceEngine;
import io.deepface.FaceNotDetectedException;
import io.deepface.FaceOptions;
import io.deepface.FacialArea;
import io.deepface.PreparedFaces;
import io.deepface.Representation;
import io.deepface.image.ImageInput;
import io.deepface.image.InvalidImageException;
import io.deepface.image.RgbImage;
import io.deepface.internal.Sha256;
import io.deepface.verify.Calibration;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.ThresholdTable;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of face photos, searchable by face: DeepFace's {@code find} database, kept up to date
 * incrementally and safely.
 *
 * <p>The embeddings of the folder's images (every {@code jpg}, {@code jpeg}, {@code png}, {@code bmp},
 * {@code gif}, {@code webp}, {@code tif}, {@code tiff} file, subfolders included) are kept in a cache file in
 * the folder, named after the options that produced them (model, detector, alignment, flip, expansion,
 * minimum confidence, face limit, enforceDetection), for example
 * {@code deepface_find_faceplugin-512_yunet_landmarks_1a2b3c4d.dfc}. {@link #sync()} (run by {@link #find}
 * unless {@link FindOptions#refresh()} is off) compares the folder with the cache: an image whose size and
 * modification time are unchanged is trusted; any other is read and hashed (SHA-256), and only new or
 * changed content is detected and embedded, on {@link FindOptions#threads()} threads, the faces of
 * {@link FindOptions#batchSize()} images going to the embedder together. Images without a face, and images
 * that cannot be decoded, are recorded too, so they are not retried until they change, and are reported.
 *
 * <p>Safety: the cache is replaced atomically (temporary file, then rename) and checked on reading (magic
 * number, version, options key, CRC32C); a damaged, truncated or foreign cache is rebuilt with a warning,
 * never trusted. Syncs are serialised inside the JVM and, through a lock file beside the cache
 * ({@code .lock}), across processes; a process that waited for another's sync sees its result and does not
 * redo the work. A long indexing run writes a checkpoint of the cache every minute, and if it fails part way
 * it still saves what it finished before rethrowing.
 *
 * <p>Search uses a {@link VectorStore}: {@code exact} in memory for galleries below
 * {@link FindOptions#approximateAbove()} faces, else {@code hnsw} persisted beside the cache
 * ({@code *.hnsw} folder), or the store {@link FindOptions#store()} names.
 *
 * <p>Thread-safe: any number of threads may call {@link #find} and {@link #search}; syncs run one at a time,
 * searches run in parallel with each other and with the indexing part of a sync, and wait only while a
 * sync publishes its result. Keep one open {@code Gallery} per folder for repeated searches: it keeps the
 * index in memory between them.
 */
public final class Gallery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gallery.class);
  /** File extensions (lower case) of the images a gallery indexes. */
  public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff");
  /** A modification time this close to the moment an image was hashed is not trusted to reveal later changes. */
  private static final long RACY_MILLIS = 2000;
  private static final long CHECKPOINT_NANOS = TimeUnit.SECONDS.toNanos(60);
  /** Files up to this size are read once, hashed and decoded from memory. */
  private static final long READ_WHOLE = 64L * 1024 * 1024;

  private final FaceEngine engine;
  private final Path folder;
  private final FindOptions options;
  private final FaceOptions face;
  private final String key;
  private final Path cacheFile;
  private final Path lockFile;
  private final String storeBase;

  // Guarded by the gallery lock.
  private boolean loaded;
  private FileStamp loadedStamp;
  private int dimension;
  private long lastSyncBegan;
  private boolean lastSyncScanned;
  private SyncReport lastReport;

  // Published state: read under state's read lock, replaced under its write lock.
  private final ReentrantReadWriteLock state = new ReentrantReadWriteLock();
  private volatile Map<String, GalleryCache.Image> images = Map.of();
  private volatile String generation;
  private VectorStore store;
  private boolean closed;

  /** Runs between writing the cache's temporary file and renaming it; tests simulate crashes with it. */
  volatile ChecksummedFiles.BeforeRename beforeRename = ChecksummedFiles.BeforeRename.NONE;

  private Gallery(FaceEngine engine, Path folder, FindOptions options) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.folder = folder.toAbsolutePath().normalize();
    this.options = Objects.requireNonNull(options, "options");
    this.face = options.face();
    this.key = GalleryCache.key(face);
    this.cacheFile = this.folder.resolve(GalleryCache.fileName(face));
    this.lockFile = this.folder.resolve(cacheFile.getFileName() + ".lock");
    String name = cacheFile.getFileName().toString();
    this.storeBase = name.substring(0, name.length() - GalleryCache.SUFFIX.length())
        + (face.metric() == DistanceMetric.EUCLIDEAN ? "_raw" : "_unit");
  }

  /**
   * A gallery over {@code folder}. Nothing is read or embedded until the first {@link #sync}, {@link #find} or
   * {@link #search}.
   *
   * @throws FindException the folder does not exist or is not a folder
   */
  public static Gallery open(FaceEngine engine, Path folder, FindOptions options) {
    Objects.requireNonNull(folder, "folder");
    if (!Files.isDirectory(folder)) {
      throw new FindException("The gallery folder " + folder.toAbsolutePath() + (Files.exists(folder)
          ? " is not a folder" : " does not exist") + "; pass a folder of face photos");
    }
    return new Gallery(engine, folder, options);
  }

  public Path folder() {
    return folder;
  }

  /** The representation cache file (which may not exist yet). */
  public Path cacheFile() {
    return cacheFile;
  }

  public FindOptions options() {
    return options;
  }

  /** Number of searchable faces (0 before the first sync). */
  public int faceCount() {
    state.readLock().lock();
    try {
      return store == null ? 0 : store.size();
    } finally {
      state.readLock().unlock();
    }
  }

  /** Number of images known to the cache, with or without faces (0 before the first sync). */
  public int imageCount() {
    return images.size();
  }

  /** The name of the vector store searches use now, or null before the first sync. */
  public String storeName() {
    state.readLock().lock();
    try {
      return store == null ? null : store.name();
    } finally {
      state.readLock().unlock();
    }
  }

  /**
   * Searches the gallery for every face of {@code query}: one list per query face (in the detector's order),
   * each holding the gallery faces within the threshold, closest first, at most {@link FindOptions#topK()}.
   * Syncs first when {@link FindOptions#refresh()} is on (the default).
   *
   * @throws io.deepface.DeepFaceException no calibrated threshold for the options and none given
   * @throws FaceNotDetectedException no face in the query and enforceDetection on
   */
  public List<List<FindMatch>> find(ImageInput query) {
    ThresholdTable.Entry cal = engine.calibration(face);
    double threshold = Double.isNaN(face.threshold()) ? cal.threshold() : face.threshold();
    if (options.refresh()) {
      sync();
    } else {
      ensureLoaded();
    }
    List<Representation> faces = engine.represent(query, face);
    List<List<FindMatch>> out = new ArrayList<>(faces.size());
    for (Representation r : faces) {
      out.add(search(r.embedding(), r.facialArea(), threshold, cal.scale()));
    }
    return out;
  }

  /**
   * The gallery faces within the threshold of {@code embedding} (from {@code FaceEngine.represent} with this
   * gallery's face options), closest first; loads the cache first if needed but does not sync.
   */
  public List<FindMatch> search(float[] embedding) {
    ThresholdTable.Entry cal = engine.calibration(face);
    double threshold = Double.isNaN(face.threshold()) ? cal.threshold() : face.threshold();
    ensureLoaded();
    return search(embedding, null, threshold, cal.scale());
  }

  private List<FindMatch> search(float[] embedding, FacialArea source, double threshold, double scale) {
    int k = options.topK() > 0 ? options.topK() : Integer.MAX_VALUE;
    state.readLock().lock();
    try {
      checkOpen();
      if (store == null) {
        throw new IllegalStateException("the gallery " + folder + " could not be loaded");
      }
      List<Neighbor> hits = store.search(embedding, k, threshold);
      Map<String, GalleryCache.Image> snapshot = images;
      List<FindMatch> out = new ArrayList<>(hits.size());
      for (Neighbor n : hits) {
        int hash = n.id().lastIndexOf('#');
        GalleryCache.Image img = snapshot.get(n.id().substring(0, hash));
        int index = Integer.parseInt(n.id().substring(hash + 1));
        if (img == null || index >= img.faces().size()) {
          continue; // Gone between the store and the snapshot; cannot happen while the read lock is held.
        }
        out.add(new FindMatch(folder.resolve(img.path()).toString(), img.hashHex(), n.distance(), threshold,
            Calibration.confidence(n.distance(), threshold, scale), source, img.faces().get(index).area(), index));
      }
      return out;
    } finally {
      state.readLock().unlock();
    }
  }

  private void ensureLoaded() {
    state.readLock().lock();
    try {
      checkOpen();
      if (store != null) {
        return;
      }
    } finally {
      state.readLock().unlock();
    }
    sync(false);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this gallery is closed");
    }
  }

  /**
   * Brings the cache and the index up to date with the folder: embeds new and changed images, drops removed
   * ones, rebuilds a damaged cache. Reports progress to {@link FindOptions#listener()}.
   */
  public SyncReport sync() {
    return sync(true);
  }

  @SuppressWarnings("try") // the lock is held by the try block, not used in it
  private SyncReport sync(boolean scanRequested) {
    long requested = System.nanoTime();
    try (GalleryLock lock = GalleryLock.acquire(lockFile)) {
      checkOpen();
      if (lastReport != null && lastSyncBegan - requested > 0 && (lastSyncScanned || !scanRequested)) {
        return lastReport; // Another thread synced after this call began: its result is fresh enough.
      }
      lastSyncBegan = System.nanoTime();
      lastReport = null;
      lastReport = syncLocked(scanRequested);
      return lastReport;
    }
  }

  private SyncReport syncLocked(boolean scanRequested) {
    long start = System.nanoTime();
    boolean writable = Files.isWritable(folder);
    if (writable) {
      ChecksummedFiles.deleteTemporaries(cacheFile);
    }
    if (dimension == 0) {
      dimension = engine.embedder(face.model()).dimension();
    }
    // 1. The cache as it is on disk now (another process may have replaced it).
    FileStamp stamp = FileStamp.of(cacheFile);
    Map<String, GalleryCache.Image> base = images;
    String baseGeneration = generation;
    boolean rebuilt = false;
    String problem = null;
    if (!loaded || !Objects.equals(stamp, loadedStamp)) {
      base = Map.of();
      baseGeneration = null;
      if (stamp != null) {
        try {
          GalleryCache.Contents c = GalleryCache.read(cacheFile, key);
          if (c.dimension() != 0 && c.dimension() != dimension) {
            throw new CorruptIndexException(cacheFile, "it holds " + c.dimension() + "-d embeddings, model " + face.model()
                + " gives " + dimension);
          }
          base = c.images();
          baseGeneration = c.generation();
        } catch (CorruptIndexException e) {
          LOG.warn("Rebuilding the gallery cache: {}", e.getMessage());
          rebuilt = true;
          problem = e.getMessage();
        } catch (IOException e) {
          throw new FindException("Cannot read the gallery cache " + cacheFile + ": " + e, e);
        }
      }
      loaded = true;
      loadedStamp = stamp;
    }
    boolean scan = scanRequested || stamp == null || rebuilt;
    lastSyncScanned = scan;

    // 2. What changed in the folder.
    Map<String, GalleryCache.Image> next = new LinkedHashMap<>(base);
    List<String> removed = new ArrayList<>();
    List<Work> work = new ArrayList<>();
    if (scan) {
      Map<String, Stat> present = scan();
      for (String p : base.keySet()) {
        if (!present.containsKey(p)) {
          removed.add(p);
          next.remove(p);
        }
      }
      for (Map.Entry<String, Stat> e : present.entrySet()) {
        GalleryCache.Image old = base.get(e.getKey());
        Stat st = e.getValue();
        if (old == null || old.size() != st.size() || old.mtimeNanos() != st.mtimeNanos() || racy(old)) {
          work.add(new Work(e.getKey(), folder.resolve(e.getKey()), st.size(), st.mtimeNanos(), old));
        }
      }
    }

    // 3. Hash, detect and embed what may have changed.
    Indexing ix = new Indexing(work.size(), start);
    RuntimeException failure = null;
    if (!work.isEmpty()) {
      try {
        index(work, next, ix, writable);
      } catch (RuntimeException e) {
        failure = e;
        LOG.warn("Indexing {} stopped after {} of {} images: {}", folder, ix.done, work.size(), e.toString());
      }
    }

    // 4. Save the cache, then update the index and publish.
    boolean changed = rebuilt || !removed.isEmpty() || ix.changedEntries > 0;
    String newGeneration = changed || baseGeneration == null ? UUID.randomUUID().toString() : baseGeneration;
    if ((changed || stamp == null) && writable) {
      problem = writeCache(next, newGeneration, problem);
    } else if (changed || stamp == null) {
      problem = Optional.ofNullable(problem).map(p -> p + "; ").orElse("") + "the folder is read-only: the cache is kept in memory only";
      LOG.warn("Cannot write the gallery cache in the read-only folder {}; it is kept in memory only", folder);
    }
    List<GalleryCache.Image> oldEntries = new ArrayList<>();
    for (String p : removed) {
      oldEntries.add(base.get(p));
    }
    for (String p : ix.modified) {
      oldEntries.add(base.get(p));
    }
    List<GalleryCache.Image> newEntries = new ArrayList<>();
    for (String p : ix.added) {
      newEntries.add(next.get(p));
    }
    for (String p : ix.modified) {
      newEntries.add(next.get(p));
    }
    String storeName = publish(next, baseGeneration, newGeneration, oldEntries, newEntries, writable);

    List<String> noFace = new ArrayList<>();
    Map<String, String> failed = new TreeMap<>(ix.unreadable);
    int faces = 0;
    for (GalleryCache.Image img : next.values()) {
      switch (img.status()) {
        case NO_FACE -> noFace.add(img.path());
        case FAILED -> failed.put(img.path(), img.error());
        case FACES -> faces += img.faces().size();
      }
    }
    Collections.sort(noFace);
    Collections.sort(removed);
    SyncReport report = new SyncReport(next.size(), faces, ix.added, ix.modified, removed, ix.verified,
        ix.embeddedImages, ix.embeddedFaces, noFace, failed, rebuilt, problem, storeName,
        Duration.ofNanos(System.nanoTime() - start));
    if (!report.unchanged() || ix.verified > 0) {
      LOG.info("Gallery {}: {} images, {} faces; {} added, {} modified, {} removed, {} verified unchanged, "
          + "{} without a face, {} unreadable, in {} ms", folder, report.images(), faces, ix.added.size(),
          ix.modified.size(), removed.size(), ix.verified, noFace.size(), failed.size(), report.elapsed().toMillis());
    }
    if (failure != null) {
      throw failure;
    }
    return report;
  }

  private boolean racy(GalleryCache.Image img) {
    return img.mtimeNanos() >= (img.hashedAtMillis() - RACY_MILLIS) * 1_000_000L;
  }

  private String writeCache(Map<String, GalleryCache.Image> next, String newGeneration, String problem) {
    try {
      GalleryCache.write(cacheFile, new GalleryCache.Contents(key, newGeneration, System.currentTimeMillis(), dimension,
          new TreeMap<>(next)), beforeRename);
      loadedStamp = FileStamp.of(cacheFile);
      return problem;
    } catch (IOException e) {
      LOG.warn("Cannot write the gallery cache {}: {}; it is kept in memory only", cacheFile, e.toString());
      loadedStamp = FileStamp.of(cacheFile);
      return Optional.ofNullable(problem).map(p -> p + "; ").orElse("") + "cannot write the cache: " + e;
    }
  }

  /**
   * Brings the store in line with {@code next}: incrementally when it holds the previous generation, else
   * from scratch; then publishes {@code next}. Returns the store's name.
   */
  private String publish(Map<String, GalleryCache.Image> next, String baseGeneration, String newGeneration,
      List<GalleryCache.Image> oldEntries, List<GalleryCache.Image> newEntries, boolean writable) {
    int faceCount = next.values().stream().mapToInt(i -> i.faces().size()).sum();
    String wanted = options.store().equals(FindOptions.AUTO)
        ? (faceCount >= options.approximateAbove() ? VectorStores.HNSW : VectorStores.EXACT) : options.store();
    state.writeLock().lock();
    try {
      checkOpen();
      VectorStore s = store;
      if (s == null || !s.name().equals(wanted)) {
        if (s != null) {
          s.close();
          store = null;
        }
        s = openStore(wanted, writable);
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
      state.writeLock().unlock();
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

  private VectorStore openStore(String name, boolean writable) {
    Path dir = null;
    if (!name.equals(VectorStores.EXACT) && writable) {
      dir = folder.resolve(storeBase + "." + name);
    }
    return VectorStores.open(name, new VectorStoreConfig(dimension, face.metric(), dir, options.storeProperties()));
  }

  // ---- scanning -------------------------------------------------------------------------------

  private record Stat(long size, long mtimeNanos) {}

  private Map<String, Stat> scan() {
    Map<String, Stat> out = new TreeMap<>();
    String storePrefix = storeBase + ".";
    try {
      Files.walkFileTree(folder, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return dir.getFileName() != null && dir.getFileName().toString().startsWith(storePrefix) && !dir.equals(folder)
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          if (!isImage(file)) {
            return FileVisitResult.CONTINUE;
          }
          BasicFileAttributes a = attrs;
          if (a.isSymbolicLink()) {
            try {
              a = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (IOException e) {
              return FileVisitResult.CONTINUE; // a dangling link
            }
          }
          if (a.isRegularFile()) {
            out.put(relative(file), new Stat(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          LOG.warn("Skipping {} in the gallery: {}", file, e.toString());
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new FindException("Cannot list the gallery folder " + folder + ": " + e, e);
    }
    return out;
  }

  static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private String relative(Path file) {
    String rel = folder.relativize(file).toString();
    return file.getFileSystem().getSeparator().equals("/") ? rel : rel.replace(file.getFileSystem().getSeparator(), "/");
  }

  // ---- indexing -------------------------------------------------------------------------------

  private record Work(String path, Path file, long size, long mtimeNanos, GalleryCache.Image previous) {}

  /** What reading one image gave. */
  private sealed interface Outcome permits Same, Ready, Recorded, Unreadable {}

  /** The content hash matches the cache: only size, time and hash time are updated. */
  private record Same(Work work, long hashedAt) implements Outcome {}

  private record Ready(Work work, byte[] sha, long hashedAt, PreparedFaces faces) implements Outcome {}

  /** No face, or not an image the decoder accepts: recorded in the cache. */
  private record Recorded(Work work, GalleryCache.Image image) implements Outcome {}

  /** Could not be read at all (vanished, permissions): reported, not recorded, retried next time. */
  private record Unreadable(Work work, String reason) implements Outcome {}

  /** Counters and lists of one sync's indexing, touched only by the syncing thread. */
  private static final class Indexing {
    final int total;
    final long start;
    int done;
    int faces;
    int noFace;
    int failedCount;
    int verified;
    int embeddedImages;
    int embeddedFaces;
    int changedEntries;
    final List<String> added = new ArrayList<>();
    final List<String> modified = new ArrayList<>();
    final Map<String, String> unreadable = new TreeMap<>();

    Indexing(int total, long start) {
      this.total = total;
      this.start = start;
    }

    IndexProgress progress() {
      return new IndexProgress(done, total, faces, noFace, failedCount, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private void index(List<Work> work, Map<String, GalleryCache.Image> next, Indexing ix, boolean writable) {
    IndexListener listener = options.listener();
    notify(listener, ix.progress());
    int threads = Math.min(options.threads(), work.size());
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "deepface-index-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    long lastWrite = System.nanoTime();
    try {
      for (int from = 0; from < work.size(); from += options.batchSize()) {
        List<Work> batch = work.subList(from, Math.min(work.size(), from + options.batchSize()));
        List<Future<Outcome>> futures = new ArrayList<>(batch.size());
        for (Work w : batch) {
          futures.add(pool.submit(() -> read(w)));
        }
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (Future<Outcome> f : futures) {
          outcomes.add(await(f));
        }
        List<Ready> ready = outcomes.stream().filter(Ready.class::isInstance).map(Ready.class::cast).toList();
        List<List<Representation>> reps = ready.isEmpty() ? List.of()
            : engine.embedPrepared(ready.stream().map(Ready::faces).toList(), face);
        int r = 0;
        for (Outcome o : outcomes) {
          apply(o, o instanceof Ready ? reps.get(r++) : null, next, ix);
        }
        notify(listener, ix.progress());
        if (writable && System.nanoTime() - lastWrite > CHECKPOINT_NANOS && ix.done < ix.total) {
          writeCache(next, UUID.randomUUID().toString(), null);
          lastWrite = System.nanoTime();
          LOG.info("Gallery {}: checkpoint after {} of {} images", folder, ix.done, ix.total);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void notify(IndexListener listener, IndexProgress p) {
    try {
      listener.onProgress(p);
    } catch (RuntimeException e) {
      LOG.warn("The index listener failed: {}", e.toString());
    }
  }

  private static Outcome await(Future<Outcome> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FindException("Interrupted while indexing the gallery", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new FindException("Indexing failed: " + c, c);
    }
  }

  private void apply(Outcome o, List<Representation> reps, Map<String, GalleryCache.Image> next, Indexing ix) {
    ix.done++;
    if (o instanceof Unreadable u) {
      ix.failedCount++;
      ix.unreadable.put(u.work().path(), u.reason());
      return;
    }
    ix.changedEntries++;
    GalleryCache.Image img;
    if (o instanceof Same s) {
      Work w = s.work();
      ix.verified++;
      img = w.previous().withStat(w.size(), w.mtimeNanos(), s.hashedAt());
      switch (img.status()) {
        case NO_FACE -> ix.noFace++;
        case FAILED -> ix.failedCount++;
        case FACES -> { }
      }
      next.put(w.path(), img);
      return;
    }
    Work w;
    if (o instanceof Ready rd) {
      w = rd.work();
      List<GalleryCache.Face> faces = new ArrayList<>(reps.size());
      for (Representation rep : reps) {
        faces.add(new GalleryCache.Face(rep.facialArea(), rep.faceConfidence(), rep.embedding()));
      }
      img = new GalleryCache.Image(w.path(), w.size(), w.mtimeNanos(), rd.sha(), rd.hashedAt(),
          GalleryCache.Status.FACES, null, faces);
      ix.embeddedImages++;
      ix.embeddedFaces += faces.size();
      ix.faces += faces.size();
    } else {
      w = ((Recorded) o).work();
      img = ((Recorded) o).image();
      if (img.status() == GalleryCache.Status.NO_FACE) {
        ix.embeddedImages++;
        ix.noFace++;
      } else {
        ix.failedCount++;
      }
    }
    (w.previous() == null ? ix.added : ix.modified).add(w.path());
    next.put(w.path(), img);
  }

  /** Reads, hashes and (when the content is new) decodes and detects one image. Runs on the pool. */
  private Outcome read(Work w) {
    long hashedAt = System.currentTimeMillis();
    byte[] bytes = null;
    byte[] sha;
    try {
      if (w.size() <= READ_WHOLE) {
        bytes = Files.readAllBytes(w.file());
        sha = Sha256.of(bytes);
      } else {
        sha = Sha256.of(w.file());
      }
    } catch (NoSuchFileException e) {
      return new Unreadable(w, "removed while indexing");
    } catch (IOException e) {
      return new Unreadable(w, "cannot read: " + e);
    }
    if (w.previous() != null && Arrays.equals(sha, w.previous().sha256())) {
      return new Same(w, hashedAt);
    }
    String what = "file " + w.file();
    try {
      RgbImage image = engine.decode(bytes != null ? ImageInput.of(bytes, what) : ImageInput.of(w.file()));
      return new Ready(w, sha, hashedAt, engine.prepareFaces(image, what, face));
    } catch (FaceNotDetectedException e) {
      return new Recorded(w, new GalleryCache.Image(w.path(), w.size(), w.mtimeNanos(), sha, hashedAt,
          GalleryCache.Status.NO_FACE, null, List.of()));
    } catch (InvalidImageException e) {
      return new Recorded(w, new GalleryCache.Image(w.path(), w.size(), w.mtimeNanos(), sha, hashedAt,
          GalleryCache.Status.FAILED, e.getMessage(), List.of()));
    }
  }

  /** Closes the vector store. The cache file stays. */
  @Override
  public void close() {
    state.writeLock().lock();
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
      state.writeLock().unlock();
    }
  }

  /** Identity of a file version: size, modification time and file key (inode), or null when absent. */
  private record FileStamp(long size, long mtimeNanos, Object fileKey) {
    static FileStamp of(Path file) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new FileStamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.fileKey());
      } catch (IOException e) {
        return null;
      }
    }
  }
}
