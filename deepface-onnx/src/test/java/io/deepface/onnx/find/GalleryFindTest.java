package io.deepface.onnx.find;

import io.deepface.find.FindException;
import io.deepface.find.FindMatch;
import io.deepface.find.FindOptions;
import io.deepface.find.Gallery;
import io.deepface.find.SyncReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.FaceEngine;
import io.deepface.FaceNotDetectedException;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.image.ImageInput;
import io.deepface.spi.BackendRegistry;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.ThresholdNotFoundException;
import io.deepface.verify.ThresholdTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DeepFace's {@code find} on real faces: results, options, stores, errors and concurrency. */
class GalleryFindTest {
  private final FaceEngine engine = FindTestSupport.sharedEngine();
  private final CountingBackend calls = FindTestSupport.sharedCounter();
  /** Ten people: their first photo in the gallery (as NAME/NAME_NNNN.jpg), their second as the query. */
  private final List<String> names = new ArrayList<>();
  private final List<Path> queries = new ArrayList<>();
  private final List<Path> enrolled = new ArrayList<>();

  @TempDir
  Path dir;

  @BeforeEach
  void setUp() {
    for (Map.Entry<String, List<Path>> e : FindTestSupport.lfwIdentities().entrySet()) {
      if (e.getValue().size() >= 2 && names.size() < 10) {
        names.add(e.getKey());
        queries.add(e.getValue().get(1));
        enrolled.add(FindTestSupport.copy(e.getValue().get(0), dir, e.getKey() + "/" + e.getValue().get(0).getFileName()));
      }
    }
    calls.reset();
  }

  private FindOptions.Builder options() {
    return FindOptions.builder().model(FindTestSupport.MODEL).threshold(0.5);
  }

  private Path galleryImage(int person) {
    return enrolled.get(person);
  }

  @Test
  void findReturnsTheSamePersonWithinTheThresholdClosestFirstLikeDeepFace() throws Exception {
    List<List<FindMatch>> result = engine.find(ImageInput.of(queries.get(3)), dir, options().build());
    assertThat(result).isNotEmpty(); // one list per face of the query; this photo has a second face behind
    List<FindMatch> matches = result.get(0);
    assertThat(matches).isNotEmpty();
    FindMatch top = matches.get(0);
    assertThat(top.identity()).isEqualTo(galleryImage(3).toString());
    byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(galleryImage(3)));
    assertThat(top.hash()).isEqualTo(HexFormat.of().formatHex(sha));
    assertThat(top.threshold()).isEqualTo(0.5);
    assertThat(top.distance()).isBetween(0.0, 0.5);
    assertThat(top.confidence()).isGreaterThan(50).isLessThanOrEqualTo(100);
    assertThat(top.targetFace()).isZero();
    // LFW photos are 250 px, centred on the face.
    assertThat(top.source().x() + top.source().w() / 2).isBetween(90, 160);
    assertThat(top.target().x() + top.target().w() / 2).isBetween(90, 160);
    assertThat(top.target().leftEye()).isNotNull();
    for (int i = 1; i < matches.size(); i++) {
      assertThat(matches.get(i).distance()).isGreaterThanOrEqualTo(matches.get(i - 1).distance()).isLessThanOrEqualTo(0.5);
    }
    // The distance is the verification distance of the two photos.
    double verify = engine.verify(ImageInput.of(queries.get(3)), ImageInput.of(galleryImage(3)),
        FaceOptions.builder().model(FindTestSupport.MODEL).threshold(0.5).build()).distance();
    assertThat(top.distance()).isCloseTo(verify, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void everyQueryFindsItsPersonFirstAndTopKAndTheThresholdBoundTheAnswer() {
    try (Gallery g = Gallery.open(engine, dir, options().topK(1).threshold(2.0).build())) {
      for (int p = 0; p < names.size(); p++) {
        List<FindMatch> m = g.find(ImageInput.of(queries.get(p))).get(0);
        assertThat(m).hasSize(1);
        assertThat(m.get(0).identity()).isEqualTo(galleryImage(p).toString());
      }
    }
    try (Gallery g = Gallery.open(engine, dir, options().threshold(2.0).build())) {
      // No top-k: every gallery face within 2.0, that is all of them (some photos show a second person).
      assertThat(g.find(ImageInput.of(queries.get(0))).get(0)).hasSize(g.faceCount()).hasSizeGreaterThanOrEqualTo(10);
    }
    try (Gallery g = Gallery.open(engine, dir, options().threshold(0.0).build())) {
      assertThat(g.find(ImageInput.of(queries.get(0))).get(0)).isEmpty();
    }
  }

  @Test
  void theHnswStoreGivesTheSameAnswersAndAutoSwitchesToItAboveItsThreshold() {
    List<String> exact = new ArrayList<>();
    try (Gallery g = Gallery.open(engine, dir, options().topK(3).build())) {
      for (Path q : queries) {
        exact.add(g.find(ImageInput.of(q)).get(0).toString());
      }
      assertThat(g.storeName()).isEqualTo("exact");
    }
    for (FindOptions o : List.of(options().topK(3).store("hnsw").build(), options().topK(3).approximateAbove(5).build())) {
      calls.reset();
      try (Gallery g = Gallery.open(engine, dir, o)) {
        List<String> approx = new ArrayList<>();
        for (Path q : queries) {
          approx.add(g.find(ImageInput.of(q)).get(0).toString());
        }
        assertThat(g.storeName()).isEqualTo("hnsw");
        assertThat(approx).isEqualTo(exact); // ten faces: the graph finds them all, with exact distances
        assertThat(calls.detections.get()).isEqualTo(queries.size()); // the cache was reused: queries only
      }
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith("_unit.hnsw"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void otherMetricsRankTheSameAndSearchTakesAnEmbedding() {
    FindOptions l2 = options().metric(DistanceMetric.EUCLIDEAN_L2).threshold(1.0).build(); // sqrt(2 * 0.5)
    FindOptions angular = options().metric(DistanceMetric.ANGULAR).threshold(0.4).build();
    for (FindOptions o : List.of(l2, angular)) {
      try (Gallery g = Gallery.open(engine, dir, o)) {
        assertThat(g.find(ImageInput.of(queries.get(5))).get(0).get(0).identity()).isEqualTo(galleryImage(5).toString());
      }
    }
    try (Gallery g = Gallery.open(engine, dir, options().build())) {
      Representation r = engine.represent(ImageInput.of(queries.get(2)), options().build().face()).get(0);
      List<FindMatch> m = g.search(r.embedding());
      assertThat(m.get(0).identity()).isEqualTo(galleryImage(2).toString());
      assertThat(m.get(0).source()).isNull();
    }
  }

  @Test
  void clearErrorsForAMissingFolderAFacelessQueryAndAMissingThreshold() {
    assertThatThrownBy(() -> engine.find(ImageInput.of(queries.get(0)), dir.resolve("nope"), options().build()))
        .isInstanceOf(FindException.class).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> engine.find(ImageInput.of(queries.get(0)), queries.get(0), options().build()))
        .isInstanceOf(FindException.class).hasMessageContaining("is not a folder");
    // No calibration for the setting and no threshold given: refused before anything is indexed.
    CountingBackend counted = new CountingBackend();
    try (FaceEngine uncalibrated = FaceEngine.builder().registry(BackendRegistry.of(List.of(counted)))
        .models(FindTestSupport.repository()).thresholds(new ThresholdTable(List.of())).build()) {
      FindOptions noThreshold = options().calibratedThreshold().build();
      assertThatThrownBy(() -> uncalibrated.find(ImageInput.of(queries.get(0)), dir, noThreshold))
          .isInstanceOf(ThresholdNotFoundException.class).hasMessageContaining("threshold");
      assertThat(counted.detections.get()).isZero();
    }
    assertThatThrownBy(() -> engine.find(ImageInput.of(blankImage()), dir, options().build()))
        .isInstanceOf(FaceNotDetectedException.class);
  }

  private static java.awt.image.BufferedImage blankImage() {
    return new java.awt.image.BufferedImage(120, 120, java.awt.image.BufferedImage.TYPE_INT_RGB);
  }

  @Test
  void manyThreadsSearchOneGalleryWhileItsFolderChanges() throws Exception {
    try (Gallery g = Gallery.open(engine, dir, options().topK(1).build())) {
      g.sync();
      int threads = 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < 6; i++) {
            int p = (id + i) % names.size();
            List<FindMatch> m = g.find(ImageInput.of(queries.get(p))).get(0);
            assertThat(m.get(0).identity()).isEqualTo(galleryImage(p).toString());
          }
          return null;
        }));
      }
      // Meanwhile new photos arrive.
      List<Path> extra = FindTestSupport.galleryOf(14).subList(10, 14);
      futures.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < extra.size(); i++) {
          FindTestSupport.copy(extra.get(i), dir, "extra/e" + i + ".jpg");
          Thread.sleep(20);
        }
        return null;
      }));
      go.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      SyncReport last = g.sync();
      assertThat(last.images()).isEqualTo(14);
      // Every gallery image was embedded once, however the syncs interleaved: 14 gallery + 48 query detections.
      assertThat(calls.detections.get()).isEqualTo(14 + threads * 6);
    }
  }

  @Test
  void twoGalleriesOnOneFolderSyncingAtOnceEmbedEachImageOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<SyncReport>> reports = new ArrayList<>();
    List<Gallery> galleries = List.of(Gallery.open(engine, dir, options().build()), Gallery.open(engine, dir, options().build()));
    try {
      for (Gallery g : galleries) {
        reports.add(pool.submit(() -> {
          go.await();
          return g.sync();
        }));
      }
      go.countDown();
      int added = 0;
      for (Future<SyncReport> f : reports) {
        SyncReport r = f.get();
        assertThat(r.images()).isEqualTo(10);
        added += r.added().size();
      }
      // One did the work; the other waited for the lock, then read its cache.
      assertThat(added).isEqualTo(10);
      assertThat(calls.detections.get()).isEqualTo(10);
      for (Gallery g : galleries) {
        assertThat(g.faceCount()).isEqualTo(galleries.get(0).faceCount()).isGreaterThanOrEqualTo(10);
      }
    } finally {
      pool.shutdown();
      galleries.forEach(Gallery::close);
    }
  }
}
