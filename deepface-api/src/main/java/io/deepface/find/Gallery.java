package io.deepface.find;

import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.image.ImageInput;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.ThresholdTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of face photos, searchable by face: DeepFace's {@code find} database, kept up to date
 * incrementally and safely.
 *
 * <p>The embeddings of the folder's images (every {@code jpg}, {@code jpeg}, {@code png}, {@code bmp},
 * {@code gif}, {@code webp}, {@code tif}, {@code tiff} file, subfolders included) are kept in a cache file in
 * the folder, named after the options that produced them (model, detector, alignment, flip, expansion,
 * minimum confidence, face limit, enforceDetection, anti-spoofing) and the backends that run the detector and
 * embedder ({@link FaceRepresenter#provenance}), for example
 * {@code deepface_find_faceplugin-512_yunet_landmarks_1a2b3c4d.dfc}. {@link #sync()} (run by {@link #find}
 * unless {@link FindOptions#refresh()} is off) compares the folder with the cache: an image whose size and
 * modification time are unchanged is trusted; any other is read and hashed (SHA-256), and only new or
 * changed content is detected and embedded, on {@link FindOptions#threads()} threads, in batches of
 * {@link FindOptions#batchSize()} images shared among the threads (each thread's share goes to the embedder in one
 * call). Images without a face, and images
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
 *
 * <p>The work is shared by package-private collaborators, one job each: {@link GalleryScanner} lists the folder,
 * {@link GalleryIndexer} hashes and embeds (the thread pool), {@link GalleryCache} reads and writes the cache file,
 * {@link GalleryLock} serialises syncs across threads and processes, and {@link GalleryStore} publishes the vector
 * store that searches use. The gallery embeds through a {@link FaceRepresenter}, which {@code FaceEngine}
 * implements.
 */
public final class Gallery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gallery.class);
  /** File extensions (lower case) of the images a gallery indexes. */
  public static final Set<String> IMAGE_EXTENSIONS = GalleryScanner.EXTENSIONS;
  /** A modification time this close to the moment an image was hashed is not trusted to reveal later changes. */
  private static final long RACY_MILLIS = 2000;
  private static final long CHECKPOINT_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final FaceRepresenter engine;
  private final Path folder;
  private final FindOptions options;
  private final FaceOptions face;
  private final String key;
  private final Path cacheFile;
  private final Path lockFile;
  private final GalleryScanner scanner;
  private final GalleryIndexer indexer;
  private final GalleryStore published;

  // Guarded by the gallery lock.
  private boolean loaded;
  private FileStamp loadedStamp;
  private int dimension;
  private long lastSyncBegan;
  private boolean lastSyncScanned;
  private SyncReport lastReport;

  /** Runs between writing the cache's temporary file and renaming it; tests simulate crashes with it. */
  volatile ChecksummedFiles.BeforeRename beforeRename = ChecksummedFiles.BeforeRename.NONE;

  private Gallery(FaceRepresenter engine, Path folder, FindOptions options) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.folder = folder.toAbsolutePath().normalize();
    this.options = Objects.requireNonNull(options, "options");
    this.face = options.face();
    this.key = GalleryCache.key(face, engine.provenance(face));
    this.cacheFile = this.folder.resolve(GalleryCache.fileName(face, key));
    this.lockFile = this.folder.resolve(cacheFile.getFileName() + ".lock");
    String name = cacheFile.getFileName().toString();
    String storeBase = name.substring(0, name.length() - GalleryCache.SUFFIX.length())
        + (face.metric() == DistanceMetric.EUCLIDEAN ? "_raw" : "_unit");
    this.scanner = new GalleryScanner(this.folder, storeBase + ".");
    this.indexer = new GalleryIndexer(engine, options);
    this.published = new GalleryStore(this.folder, storeBase, options);
  }

  /**
   * A gallery over {@code folder}, embedding with {@code engine} (a {@code FaceEngine}, usually). Nothing is read
   * or embedded until the first {@link #sync}, {@link #find} or {@link #search}.
   *
   * @throws FindException the folder does not exist or is not a folder
   */
  public static Gallery open(FaceRepresenter engine, Path folder, FindOptions options) {
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
    return published.faceCount();
  }

  /** Number of images known to the cache, with or without faces (0 before the first sync). */
  public int imageCount() {
    return published.images().size();
  }

  /** The name of the vector store searches use now, or null before the first sync. */
  public String storeName() {
    return published.storeName();
  }

  /**
   * Searches the gallery for every face of {@code query}: one list per query face (in the detector's order),
   * each holding the gallery faces within the threshold, closest first, at most {@link FindOptions#topK()}.
   * Syncs first when {@link FindOptions#refresh()} is on (the default).
   *
   * @throws io.deepface.verify.ThresholdNotFoundException no calibrated threshold for the options and none given
   * @throws io.deepface.FaceNotDetectedException no face in the query and enforceDetection on
   */
  public List<List<FindMatch>> find(ImageInput query) {
    ThresholdTable.Entry threshold = engine.calibration(face);
    if (options.refresh()) {
      sync();
    } else {
      ensureLoaded();
    }
    List<Representation> faces = engine.represent(List.of(query), face).get(0).facesOrThrow();
    List<List<FindMatch>> out = new ArrayList<>(faces.size());
    for (Representation r : faces) {
      out.add(published.search(r.embedding(), r.facialArea(), threshold));
    }
    return out;
  }

  /**
   * The gallery faces within the threshold of {@code embedding} (from {@code FaceEngine.represent} with this
   * gallery's face options), closest first; loads the cache first if needed but does not sync.
   *
   * @throws io.deepface.verify.ThresholdNotFoundException no calibrated threshold for the options and none given
   */
  public List<FindMatch> search(float[] embedding) {
    ThresholdTable.Entry threshold = engine.calibration(face);
    ensureLoaded();
    return published.search(embedding, null, threshold);
  }

  private void ensureLoaded() {
    if (!published.loaded()) {
      sync(false);
    }
  }

  /**
   * Brings the cache and the index up to date with the folder: embeds new and changed images, drops removed
   * ones, rebuilds a damaged cache. Reports progress to {@link FindOptions#listener()}.
   *
   * @throws FindException when the folder cannot be listed or the cache cannot be read
   */
  public SyncReport sync() {
    return sync(true);
  }

  @SuppressWarnings("try") // the lock is held by the try block, not used in it
  private SyncReport sync(boolean scanRequested) {
    long requested = System.nanoTime();
    try (GalleryLock lock = GalleryLock.acquire(lockFile)) {
      published.checkOpen();
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
      dimension = engine.dimension(face);
    }
    // 1. The cache as it is on disk now (another process may have replaced it).
    FileStamp stamp = FileStamp.of(cacheFile);
    Map<String, GalleryCache.Image> base = published.images();
    String baseGeneration = published.generation();
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
    List<GalleryIndexer.Work> work = new ArrayList<>();
    if (scan) {
      Map<String, GalleryScanner.Stat> present = scanner.scan();
      for (String p : base.keySet()) {
        if (!present.containsKey(p)) {
          removed.add(p);
          next.remove(p);
        }
      }
      for (Map.Entry<String, GalleryScanner.Stat> e : present.entrySet()) {
        GalleryCache.Image old = base.get(e.getKey());
        GalleryScanner.Stat st = e.getValue();
        if (old == null || old.size() != st.size() || old.mtimeNanos() != st.mtimeNanos() || racy(old)) {
          work.add(new GalleryIndexer.Work(e.getKey(), folder.resolve(e.getKey()), st.size(), st.mtimeNanos(), old));
        }
      }
    }

    // 3. Hash, detect and embed what may have changed.
    GalleryIndexer.Counts ix = new GalleryIndexer.Counts(work.size(), start);
    RuntimeException failure = null;
    if (!work.isEmpty()) {
      long[] lastWrite = {System.nanoTime()};
      try {
        indexer.index(work, next, ix, counts -> {
          if (writable && System.nanoTime() - lastWrite[0] > CHECKPOINT_NANOS) {
            writeCache(next, UUID.randomUUID().toString(), null);
            lastWrite[0] = System.nanoTime();
            LOG.info("Gallery {}: checkpoint after {} of {} images", folder, counts.done, counts.total);
          }
        });
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
    String storeName = published.publish(next, baseGeneration, newGeneration, dimension, face.metric(), oldEntries,
        newEntries, writable);

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

  /** Closes the vector store. The cache file stays. */
  @Override
  public void close() {
    published.close();
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
