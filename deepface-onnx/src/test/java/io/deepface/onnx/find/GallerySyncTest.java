package io.deepface.onnx.find;

import io.deepface.find.FindMatch;
import io.deepface.find.FindOptions;
import io.deepface.find.Gallery;
import io.deepface.find.IndexProgress;
import io.deepface.find.SyncReport;
import io.deepface.testing.CaptureLogs;
import io.deepface.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.FaceEngine;
import io.deepface.image.ImageInput;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The representation cache with real models: what a sync embeds (model calls counted by
 * {@link CountingBackend}), what it records, and how it survives damage and crashes.
 */
@ExtendWith(CaptureLogs.class)
class GallerySyncTest {
  /** What the cache's temporary files are named with (see the cache's own tests in deepface-api). */
  private static final String TEMP_INFIX = ".tmp-";

  private final FaceEngine engine = FindTestSupport.sharedEngine();
  private final CountingBackend calls = FindTestSupport.sharedCounter();
  private final List<IndexProgress> events = new CopyOnWriteArrayList<>();
  private List<Path> lfw;

  @TempDir
  Path dir;

  @BeforeEach
  void setUp() {
    lfw = FindTestSupport.galleryOf(12);
    calls.reset();
  }

  private FindOptions options() {
    return FindOptions.builder().model(FindTestSupport.MODEL).threshold(0.5).listener(events::add).build();
  }

  private Path copy(int i, String name) {
    return FindTestSupport.copy(lfw.get(i), dir, name);
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void onlyNewRemovedAndChangedImagesAreReEmbedded() throws IOException {
    for (int i = 0; i < 6; i++) {
      copy(i, "p" + i + ".jpg");
    }
    // One indexing thread: its share of a batch is the whole batch, so all its faces go to the embedder at once.
    try (Gallery g = Gallery.open(engine, dir, options().toBuilder().threads(1).build())) {
      SyncReport first = g.sync();
      assertThat(first.added()).containsExactly("p0.jpg", "p1.jpg", "p2.jpg", "p3.jpg", "p4.jpg", "p5.jpg");
      assertThat(first.embeddedImages()).isEqualTo(6);
      assertThat(calls.detections.get()).isEqualTo(6);
      assertThat(calls.embeddedFaces.get()).isEqualTo(first.faces()).isGreaterThanOrEqualTo(6);
      // Faces of the whole batch go to the model together: MobileFaceNet takes up to 32 at once.
      assertThat(calls.embedCalls.get()).isEqualTo(1);
      assertThat(events.get(0).done()).isZero();
      assertThat(events.get(events.size() - 1)).satisfies(p -> {
        assertThat(p.done()).isEqualTo(6);
        assertThat(p.total()).isEqualTo(6);
        assertThat(p.finished()).isTrue();
        assertThat(p.faces()).isEqualTo(first.faces());
      });
      assertThat(g.storeName()).isEqualTo("exact");
      assertThat(files()).contains(g.cacheFile().getFileName().toString())
          .noneMatch(n -> n.contains(TEMP_INFIX));

      calls.reset();
      events.clear();
      SyncReport second = g.sync();
      assertThat(second.unchanged()).isTrue();
      assertThat(second.verified()).isZero();
      assertThat(calls.detections.get() + calls.embeddedFaces.get()).isZero();
      assertThat(events).isEmpty();

      // Add one, remove one, change one's content, touch one without changing it.
      copy(6, "p6.jpg");
      Files.delete(dir.resolve("p1.jpg"));
      FindTestSupport.copy(lfw.get(7), dir, "p2.jpg");
      Files.setLastModifiedTime(dir.resolve("p3.jpg"), FileTime.from(Instant.now().minusSeconds(30)));
      calls.reset();
      SyncReport third = g.sync();
      assertThat(third.added()).containsExactly("p6.jpg");
      assertThat(third.removed()).containsExactly("p1.jpg");
      assertThat(third.modified()).containsExactly("p2.jpg");
      assertThat(third.verified()).isEqualTo(1);
      assertThat(third.embeddedImages()).isEqualTo(2);
      assertThat(calls.detections.get()).isEqualTo(2);
      assertThat(calls.embeddedFaces.get()).isEqualTo(third.embeddedFaces());
      assertThat(third.images()).isEqualTo(6);

      // The changed image is found under its new content, the removed one no longer.
      List<FindMatch> hits = g.find(ImageInput.of(lfw.get(7))).get(0);
      assertThat(hits.get(0).identity()).isEqualTo(dir.resolve("p2.jpg").toString());
      assertThat(g.find(ImageInput.of(lfw.get(1))).get(0)).noneMatch(m -> m.identity().endsWith("p1.jpg"));
    }
    // A new process (here: a new Gallery) reuses the cache: nothing is embedded again.
    calls.reset();
    try (Gallery g = Gallery.open(engine, dir, options())) {
      SyncReport report = g.sync();
      assertThat(report.unchanged()).isTrue();
      assertThat(calls.detections.get()).isZero();
      assertThat(g.faceCount()).isEqualTo(report.faces());
    }
  }

  @Test
  void imagesWithoutAFaceAndUndecodableImagesAreRecordedReportedAndNotRetried() throws IOException {
    copy(0, "face.jpg");
    BufferedImage blank = new BufferedImage(160, 160, BufferedImage.TYPE_INT_RGB);
    Graphics2D gr = blank.createGraphics();
    gr.setColor(new Color(120, 130, 140));
    gr.fillRect(0, 0, 160, 160);
    gr.dispose();
    ImageIO.write(blank, "png", dir.resolve("blank.png").toFile());
    Files.write(dir.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, 5});
    Files.writeString(dir.resolve("notes.txt"), "not an image extension: ignored");
    try (Gallery g = Gallery.open(engine, dir, options())) {
      SyncReport first = g.sync();
      assertThat(first.images()).isEqualTo(3);
      assertThat(first.noFace()).containsExactly("blank.png");
      assertThat(first.failed()).containsOnlyKeys("broken.jpg");
      assertThat(first.failed().get("broken.jpg")).isNotBlank();
      assertThat(calls.detections.get()).isEqualTo(2); // face.jpg and blank.png; broken.jpg never decodes
      assertThat(events.get(events.size() - 1).noFace()).isEqualTo(1);
      assertThat(events.get(events.size() - 1).failed()).isEqualTo(1);

      calls.reset();
      SyncReport second = g.sync();
      assertThat(calls.detections.get()).isZero();
      assertThat(second.noFace()).containsExactly("blank.png");
      assertThat(second.failed()).containsOnlyKeys("broken.jpg");

      // Once the file changes it is tried again.
      FindTestSupport.copy(lfw.get(1), dir, "blank.png");
      calls.reset();
      SyncReport third = g.sync();
      assertThat(third.modified()).containsExactly("blank.png");
      assertThat(third.noFace()).isEmpty();
      assertThat(calls.detections.get()).isEqualTo(1);
    }
  }

  @Test
  void aCorruptTruncatedForeignOrEmptyCacheIsRebuiltWithAWarningNeverACrash(LogCapture log) throws IOException {
    log.expectWarning("checksum mismatch");
    log.expectWarning("truncated or malformed body");
    log.expectWarning("wrong magic number");
    log.expectWarning("only 0 bytes");
    for (int i = 0; i < 4; i++) {
      copy(i, "p" + i + ".jpg");
    }
    Path cache;
    try (Gallery g = Gallery.open(engine, dir, options())) {
      g.sync();
      cache = g.cacheFile();
    }
    byte[] good = Files.readAllBytes(cache);
    List<byte[]> damages = new ArrayList<>();
    byte[] flipped = good.clone();
    flipped[good.length / 3] ^= 0x40;
    damages.add(flipped);
    damages.add(Arrays.copyOf(good, good.length / 2));
    damages.add("{\"this\": \"is someone else's file\"}".getBytes());
    damages.add(new byte[0]);
    for (byte[] damage : damages) {
      Files.write(cache, damage);
      calls.reset();
      try (Gallery g = Gallery.open(engine, dir, options())) {
        SyncReport report = g.sync();
        assertThat(report.cacheRebuilt()).isTrue();
        assertThat(report.problem()).contains("not a valid index file");
        assertThat(report.added()).hasSize(4);
        assertThat(calls.detections.get()).isEqualTo(4);
        assertThat(g.find(ImageInput.of(lfw.get(2))).get(0).get(0).identity()).endsWith("p2.jpg");
      }
      // Rebuilt as a sound file.
      assertThat(FindTestSupport.cachedImages(engine, dir, options())).isEqualTo(4);
    }
  }

  @Test
  void withRefreshOffTheCacheIsUsedAsItIsUntilASyncIsAskedFor() {
    copy(0, "p0.jpg");
    FindOptions noRefresh = options().toBuilder().refresh(false).build();
    try (Gallery g = Gallery.open(engine, dir, noRefresh)) {
      assertThat(g.find(ImageInput.of(lfw.get(0))).get(0)).hasSize(1); // no cache yet: built once
      copy(1, "p1.jpg");
      calls.reset();
      assertThat(g.find(ImageInput.of(lfw.get(1))).get(0)).isEmpty();
      assertThat(calls.detections.get()).isEqualTo(1); // the query only
      assertThat(g.sync().added()).containsExactly("p1.jpg");
      assertThat(g.find(ImageInput.of(lfw.get(1))).get(0).get(0).identity()).endsWith("p1.jpg");
    }
  }

  @Test
  void aSyncThatFailsPartWaySavesTheBatchesItFinished(LogCapture log) {
    log.expectWarning("stopped after 4 of 6 images");
    for (int i = 0; i < 6; i++) {
      copy(i, "p" + i + ".jpg");
    }
    FindOptions smallBatches = options().toBuilder().batchSize(2).threads(1).build();
    try (Gallery g = Gallery.open(engine, dir, smallBatches)) {
      calls.failingEmbedCall.set(3);
      assertThatThrownBy(g::sync).isInstanceOf(IllegalStateException.class).hasMessageContaining("simulated");
    }
    calls.reset();
    try (Gallery g = Gallery.open(engine, dir, smallBatches)) {
      SyncReport r = g.sync();
      assertThat(r.added()).containsExactly("p4.jpg", "p5.jpg"); // the first two batches were saved
      assertThat(calls.detections.get()).isEqualTo(2);
      assertThat(r.images()).isEqualTo(6);
    }
  }

  @Test
  void subfoldersAndSymbolicLinksAreIndexedAndUpperCaseExtensionsCount() throws IOException {
    copy(0, "a/b/deep.JPG");
    Files.createSymbolicLink(dir.resolve("linked.jpg"), lfw.get(1));
    Files.createSymbolicLink(dir.resolve("dangling.jpg"), dir.resolve("missing.jpg"));
    try (Gallery g = Gallery.open(engine, dir, options())) {
      SyncReport r = g.sync();
      assertThat(r.added()).containsExactly("a/b/deep.JPG", "linked.jpg");
      assertThat(g.find(ImageInput.of(lfw.get(1))).get(0).get(0).identity()).isEqualTo(dir.resolve("linked.jpg").toString());
    }
    // Removed here: JUnit warns when it deletes a link that points out of the temporary folder.
    Files.delete(dir.resolve("linked.jpg"));
    Files.delete(dir.resolve("dangling.jpg"));
  }

  @Test
  void aRecentlyModifiedImageIsHashedAgainOnceButNotReEmbedded() throws Exception {
    Path p = copy(0, "p0.jpg");
    Files.setLastModifiedTime(p, FileTime.from(Instant.now()));
    try (Gallery g = Gallery.open(engine, dir, options())) {
      g.sync();
      calls.reset();
      // Its modification time is too close to the hashing to prove that a later same-size edit would show:
      // the next sync hashes it again; once hashed 2 s after its modification time, it is trusted.
      Thread.sleep(2200);
      SyncReport second = g.sync();
      assertThat(second.verified()).isEqualTo(1);
      assertThat(calls.detections.get()).isZero();
      SyncReport third = g.sync();
      assertThat(third.verified()).isZero();
    }
  }
}
