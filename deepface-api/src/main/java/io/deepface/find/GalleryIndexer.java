package io.deepface.find;

import io.deepface.DeepFaceException;
import io.deepface.FaceNotDetectedException;
import io.deepface.FaceOptions;
import io.deepface.RepresentedImage;
import io.deepface.Representation;
import io.deepface.image.ImageInput;
import io.deepface.image.InvalidImageException;
import io.deepface.internal.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes the images a sync found new or possibly changed: reads and hashes each one, and embeds those whose
 * content is new, on {@link FindOptions#threads()} threads. Work goes in batches of {@link FindOptions#batchSize()}
 * images, shared among the threads; each thread sends its share to {@link FaceRepresenter#represent} in one call,
 * so the faces of several images reach the embedder together. After each batch the results are applied to the
 * cache being built, the listener hears of the progress, and a long run may write a checkpoint.
 */
final class GalleryIndexer {
  private static final Logger LOG = LoggerFactory.getLogger("io.deepface.find.Gallery");
  /** Files up to this size are read once, hashed and decoded from memory. */
  private static final long READ_WHOLE = 64L * 1024 * 1024;

  /** One image to look at: where it is, its size and time now, and its cache entry so far (null when new). */
  record Work(String path, Path file, long size, long mtimeNanos, GalleryCache.Image previous) {}

  /** What reading one image gave. */
  private sealed interface Outcome permits Same, Ready, Recorded, Unreadable {}

  /** The content hash matches the cache: only size, time and hash time are updated. */
  private record Same(Work work, long hashedAt) implements Outcome {}

  private record Ready(Work work, byte[] sha, long hashedAt, List<Representation> faces) implements Outcome {}

  /** No face, or not an image the decoder accepts: recorded in the cache. */
  private record Recorded(Work work, GalleryCache.Image image) implements Outcome {}

  /** Could not be read at all (vanished, permissions): reported, not recorded, retried next time. */
  private record Unreadable(Work work, String reason) implements Outcome {}

  /** Counters and lists of one sync's indexing, touched only by the syncing thread. */
  static final class Counts {
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

    Counts(int total, long start) {
      this.total = total;
      this.start = start;
    }

    IndexProgress progress() {
      return new IndexProgress(done, total, faces, noFace, failedCount, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** Called after each batch but the last; decides itself whether a checkpoint is due. */
  @FunctionalInterface
  interface Checkpoint {
    void afterBatch(Counts counts);
  }

  private final FaceRepresenter engine;
  private final FaceOptions face;
  private final FindOptions options;

  GalleryIndexer(FaceRepresenter engine, FindOptions options) {
    this.engine = engine;
    this.face = options.face();
    this.options = options;
  }

  /** Indexes {@code work} into {@code next}; a failure stops it and is thrown after the finished batches are in. */
  void index(List<Work> work, Map<String, GalleryCache.Image> next, Counts counts, Checkpoint checkpoint) {
    IndexListener listener = options.listener();
    notify(listener, counts.progress());
    int threads = Math.min(options.threads(), work.size());
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "deepface-index-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      for (int from = 0; from < work.size(); from += options.batchSize()) {
        List<Work> batch = work.subList(from, Math.min(work.size(), from + options.batchSize()));
        List<Future<List<Outcome>>> shares = new ArrayList<>();
        int parts = Math.min(threads, batch.size());
        for (int p = 0; p < parts; p++) {
          List<Work> share = batch.subList(batch.size() * p / parts, batch.size() * (p + 1) / parts);
          shares.add(pool.submit(() -> process(share)));
        }
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (Future<List<Outcome>> f : shares) {
          outcomes.addAll(await(f));
        }
        for (Outcome o : outcomes) { // A batch is applied whole or, when any share failed, not at all.
          apply(o, next, counts);
        }
        notify(listener, counts.progress());
        if (counts.done < counts.total) {
          checkpoint.afterBatch(counts);
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

  private static <T> T await(Future<T> f) {
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

  /** Reads and hashes a thread's share of a batch, then embeds the images whose content is new. */
  private List<Outcome> process(List<Work> share) {
    Outcome[] out = new Outcome[share.size()];
    List<Integer> positions = new ArrayList<>();
    List<ImageInput> inputs = new ArrayList<>();
    List<byte[]> hashes = new ArrayList<>();
    List<Long> hashedAt = new ArrayList<>();
    for (int i = 0; i < share.size(); i++) {
      Work w = share.get(i);
      long now = System.currentTimeMillis();
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
        out[i] = new Unreadable(w, "removed while indexing");
        continue;
      } catch (IOException e) {
        out[i] = new Unreadable(w, "cannot read: " + e);
        continue;
      }
      if (w.previous() != null && Arrays.equals(sha, w.previous().sha256())) {
        out[i] = new Same(w, now);
        continue;
      }
      positions.add(i);
      inputs.add(bytes != null ? ImageInput.of(bytes, "file " + w.file()) : ImageInput.of(w.file()));
      hashes.add(sha);
      hashedAt.add(now);
    }
    List<RepresentedImage> results = inputs.isEmpty() ? List.of() : engine.represent(inputs, face);
    for (int j = 0; j < positions.size(); j++) {
      Work w = share.get(positions.get(j));
      RepresentedImage r = results.get(j);
      out[positions.get(j)] = outcome(w, hashes.get(j), hashedAt.get(j), r);
    }
    return Arrays.asList(out);
  }

  private static Outcome outcome(Work w, byte[] sha, long hashedAt, RepresentedImage r) {
    DeepFaceException error = r.error();
    if (error == null) {
      return new Ready(w, sha, hashedAt, r.faces());
    }
    if (error instanceof FaceNotDetectedException) {
      return new Recorded(w, new GalleryCache.Image(w.path(), w.size(), w.mtimeNanos(), sha, hashedAt,
          GalleryCache.Status.NO_FACE, null, List.of()));
    }
    if (error instanceof InvalidImageException) {
      return new Recorded(w, new GalleryCache.Image(w.path(), w.size(), w.mtimeNanos(), sha, hashedAt,
          GalleryCache.Status.FAILED, error.getMessage(), List.of()));
    }
    throw error; // A fake face with anti-spoofing on stops the sync, as any other failure does.
  }

  private static void apply(Outcome o, Map<String, GalleryCache.Image> next, Counts ix) {
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
      List<GalleryCache.Face> faces = new ArrayList<>(rd.faces().size());
      for (Representation rep : rd.faces()) {
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
}
