package io.deepface.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.find.BatchRegistration;
import io.deepface.find.Enrolment;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.find.FaceMatch;
import io.deepface.find.FaceRecord;
import io.deepface.find.Registration;
import io.deepface.find.StoreMismatchException;
import io.deepface.image.ImageInput;
import io.deepface.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every face database store must do, on real faces of lfw-dev through a real engine: register, search with
 * exact distances and DeepFace's fields, idempotent reruns, deletes, batch failures reported and not fatal, settings
 * mismatches refused, and 8 threads registering and searching at once with nothing lost or duplicated. A store module
 * subclasses it and opens its store (an in-process one, or a real server the test started).
 *
 * <p>MobileFaceNet-128 (fast) with the default detector; one database per test, emptied first.
 */
public abstract class FaceDatabaseConformanceTest {
  /** The model of the suite: MobileFaceNet, about ten times faster than the default here. */
  public static final String MODEL = "mobilefacenet-128";

  @TempDir
  protected Path tmp;

  /** The engine to embed with (usually {@link io.deepface.testing.TestEngines#shared()}). */
  protected abstract FaceEngine engine();

  /**
   * A database over the store under test, with {@code options}; every call of one test opens the same table or
   * collection (a shared store: what one database registered, another sees).
   */
  protected abstract FaceDatabase open(FaceDatabaseOptions options);

  /** Whether two databases opened by {@link #open} share their faces (false for an in-memory store). */
  protected boolean shared() {
    return true;
  }

  /** Removes every face from the store under test (called before each test). */
  protected abstract void empty();

  protected static FaceDatabaseOptions options() {
    return FaceDatabaseOptions.builder().face(FaceOptions.builder().model(MODEL).build())
        .faces(FaceDatabaseOptions.Faces.LARGEST).build();
  }

  /** Every lfw-dev identity with at least two photos, sorted: name to photos. */
  protected static Map<String, List<Path>> people() {
    Path root = TestData.datasetsDir().resolve("lfw-dev/images");
    Map<String, List<Path>> out = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.sorted().toList()) {
        try (Stream<Path> files = Files.list(d)) {
          List<Path> imgs = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
          if (imgs.size() >= 2) {
            out.put(d.getFileName().toString(), imgs);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @BeforeEach
  void emptyTheStore() {
    empty();
  }

  @Test
  void registeredPeopleAreFoundByAnotherPhotoWithDeepFacesFields() {
    List<String> names = new ArrayList<>();
    List<Path> queries = new ArrayList<>();
    try (FaceDatabase db = open(options())) {
      for (Map.Entry<String, List<Path>> e : people().entrySet()) {
        if (names.size() == 12) {
          break;
        }
        Registration r = db.register(ImageInput.of(e.getValue().get(0)), e.getKey(), Map.of("source", "lfw-dev"));
        assertThat(r.unchanged()).isFalse();
        assertThat(r.faces()).hasSize(1);
        assertThat(r.faces().get(0).id()).isEqualTo(FaceRecord.idOf(r.imageHash(), r.faces().get(0).faceIndex()));
        assertThat(r.image()).isEqualTo(e.getValue().get(0).getFileName().toString());
        names.add(e.getKey());
        queries.add(e.getValue().get(1));
      }
      assertThat(db.count()).isEqualTo(12);
      int right = 0;
      for (int i = 0; i < names.size(); i++) {
        List<List<FaceMatch>> result = db.search(ImageInput.of(queries.get(i)), 5, OptionalDouble.of(2.0));
        assertThat(result).isNotEmpty();
        List<FaceMatch> matches = result.get(0);
        assertThat(matches).hasSize(5);
        Representation q = engine().represent(ImageInput.of(queries.get(i)), options().face()).get(0);
        for (int j = 0; j < matches.size(); j++) {
          FaceMatch m = matches.get(j);
          if (j > 0) {
            assertThat(m.distance()).isGreaterThanOrEqualTo(matches.get(j - 1).distance());
          }
          assertThat(m.threshold()).isEqualTo(2.0);
          assertThat(m.confidence()).isBetween(0.0, 100.0);
          assertThat(m.target().w()).isPositive();
          assertThat(m.source()).isEqualTo(q.facialArea());
          assertThat(m.metadata()).containsEntry("source", "lfw-dev");
        }
        if (matches.get(0).name().equals(names.get(i))) {
          right++;
        }
      }
      // MobileFaceNet finds 97.6% of lfw-dev's people at rank 1; these twelve are all found.
      assertThat(right).isGreaterThanOrEqualTo(11);

      // Distances are exact: the same as comparing the two embeddings directly.
      Path enrolled = people().get(names.get(0)).get(0);
      float[] a = engine().represent(ImageInput.of(enrolled), options().face()).get(0).embedding();
      float[] b = engine().represent(ImageInput.of(queries.get(0)), options().face()).get(0).embedding();
      double want = options().face().metric().distance(a, b);
      FaceMatch top = db.search(ImageInput.of(queries.get(0)), 1, OptionalDouble.of(2.0)).get(0).get(0);
      assertThat(top.distance()).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-4));

      // The calibrated threshold applies by default: every match lies within it.
      for (FaceMatch m : db.search(ImageInput.of(queries.get(1))).get(0)) {
        assertThat(m.distance()).isLessThanOrEqualTo(m.threshold());
      }
    }
  }

  @Test
  void registeringAgainDuplicatesNothingAndDeletesRemove() {
    List<Map.Entry<String, List<Path>>> some = people().entrySet().stream().limit(6).toList();
    try (FaceDatabase db = open(options())) {
      List<Enrolment> batch = new ArrayList<>();
      for (Map.Entry<String, List<Path>> e : some) {
        batch.add(new Enrolment(ImageInput.of(e.getValue().get(0)), e.getKey()));
        batch.add(new Enrolment(ImageInput.of(e.getValue().get(1)), e.getKey()));
      }
      BatchRegistration first = db.registerAll(batch, BatchRegistration.Listener.NONE);
      assertThat(first.failed()).isEmpty();
      assertThat(db.count()).isEqualTo(12);
      BatchRegistration again = db.registerAll(batch, BatchRegistration.Listener.NONE);
      assertThat(again.registered()).allMatch(Registration::unchanged);
      assertThat(db.count()).isEqualTo(12);
      // The same bytes under another name replace the face's name; still no duplicate.
      Registration renamed = db.register(ImageInput.of(some.get(0).getValue().get(0)), "someone else");
      assertThat(renamed.unchanged()).isFalse();
      assertThat(db.count()).isEqualTo(12);
      assertThat(db.imageFaces(renamed.imageHash())).extracting(FaceRecord::name).containsExactly("someone else");

      assertThat(db.delete(some.get(1).getKey())).isEqualTo(2);
      assertThat(db.count()).isEqualTo(10);
      String id = renamed.faces().get(0).id();
      assertThat(db.deleteFace(id)).isTrue();
      assertThat(db.deleteFace(id)).isFalse();
      assertThat(db.count()).isEqualTo(9);
      assertThat(db.delete("nobody")).isZero();
      // A deleted person is no longer found.
      List<FaceMatch> hits = db.search(ImageInput.of(some.get(1).getValue().get(0)), 10, OptionalDouble.of(2.0)).get(0);
      assertThat(hits).extracting(FaceMatch::name).doesNotContain(some.get(1).getKey());
    }
  }

  @Test
  void aBatchReportsFailedImagesAndGoesOn() throws IOException {
    Path broken = Files.writeString(tmp.resolve("broken.jpg"), "not an image");
    Path missing = tmp.resolve("missing.jpg");
    List<Map.Entry<String, List<Path>>> some = people().entrySet().stream().limit(3).toList();
    List<Enrolment> batch = new ArrayList<>();
    batch.add(new Enrolment(ImageInput.of(some.get(0).getValue().get(0)), some.get(0).getKey()));
    batch.add(new Enrolment(ImageInput.of(broken), "broken"));
    batch.add(new Enrolment(ImageInput.of(some.get(1).getValue().get(0)), some.get(1).getKey()));
    batch.add(new Enrolment(ImageInput.of(missing), "missing"));
    Path blank = tmp.resolve("blank.png");
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(200, 200, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png", blank.toFile());
    batch.add(new Enrolment(ImageInput.of(blank), "nobody"));
    batch.add(new Enrolment(ImageInput.of(some.get(2).getValue().get(0)), some.get(2).getKey()));
    List<int[]> events = new ArrayList<>();
    try (FaceDatabase db = open(options().toBuilder().batchSize(4).build())) {
      BatchRegistration report = db.registerAll(batch, (done, total, failed) -> events.add(new int[] {done, total}));
      assertThat(report.storeFailure()).isNull();
      assertThat(report.failed()).extracting(BatchRegistration.Failure::index).containsExactly(1, 3, 4);
      assertThat(report.failed()).filteredOn(f -> f.index() == 1).first()
          .satisfies(f -> assertThat(f.image()).isEqualTo("broken.jpg"));
      assertThat(report.registered()).extracting(Registration::name)
          .contains(some.get(0).getKey(), some.get(1).getKey(), some.get(2).getKey());
      assertThat(report.registered().size() + report.failed().size()).isEqualTo(batch.size());
      assertThat(events).extracting(e -> e[0]).containsExactly(4, 6);
      assertThat(db.count()).isEqualTo(report.faces());
    }
  }

  @Test
  void otherSettingsAreRefusedNeverMixed() {
    Map.Entry<String, List<Path>> p = people().entrySet().iterator().next();
    try (FaceDatabase db = open(options())) {
      db.register(ImageInput.of(p.getValue().get(0)), p.getKey());
      FaceOptions otherDetector = options().face().toBuilder().detector("yunet").build();
      assertThatThrownBy(() -> db.search(ImageInput.of(p.getValue().get(1)), otherDetector, 5))
          .isInstanceOf(StoreMismatchException.class).hasMessageContaining("detector=yunet")
          .hasMessageContaining("detector=" + options().face().detector());
      FaceOptions otherAlignment = options().face().toBuilder().align(false).build();
      assertThatThrownBy(() -> db.search(ImageInput.of(p.getValue().get(1)), otherAlignment, 5))
          .isInstanceOf(StoreMismatchException.class);
      // The same settings with another threshold are fine.
      assertThat(db.search(ImageInput.of(p.getValue().get(1)), options().face().toBuilder().threshold(1.5).build(), 5))
          .isNotEmpty();
    }
    if (shared()) {
      FaceDatabaseOptions otherModel = options().toBuilder()
          .face(options().face().toBuilder().model("faceplugin-512").build()).build();
      assertThatThrownBy(() -> open(otherModel).close()).isInstanceOf(StoreMismatchException.class)
          .hasMessageContaining("model=" + MODEL).hasMessageContaining("faceplugin-512");
      FaceDatabaseOptions otherDetector = options().toBuilder()
          .face(options().face().toBuilder().detector("yunet").build()).build();
      assertThatThrownBy(() -> open(otherDetector).close()).isInstanceOf(StoreMismatchException.class)
          .hasMessageContaining("detector=yunet");
    }
  }

  @Test
  void anotherDatabaseOnTheSameStoreSeesTheFaces() {
    if (!shared()) {
      return;
    }
    Map.Entry<String, List<Path>> p = people().entrySet().iterator().next();
    try (FaceDatabase first = open(options()); FaceDatabase second = open(options())) {
      first.register(ImageInput.of(p.getValue().get(0)), p.getKey());
      List<FaceMatch> hits = second.search(ImageInput.of(p.getValue().get(1))).get(0);
      assertThat(hits).isNotEmpty();
      assertThat(hits.get(0).name()).isEqualTo(p.getKey());
      assertThat(second.delete(p.getKey())).isEqualTo(1);
      assertThat(first.search(ImageInput.of(p.getValue().get(1))).get(0)).isEmpty();
    }
  }

  @Test
  void eightThreadsRegisterAndSearchAtOnce() throws Exception {
    List<Path> images = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, List<Path>> e : people().entrySet()) {
      if (images.size() >= 48) {
        break;
      }
      images.add(e.getValue().get(0));
      names.add(e.getKey());
    }
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    ConcurrentLinkedQueue<Registration> done = new ConcurrentLinkedQueue<>();
    try (FaceDatabase db = open(options())) {
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = me; i < images.size(); i += threads) {
            // Every image twice, from two threads: the second registration must not duplicate it.
            done.add(db.register(ImageInput.of(images.get(i)), names.get(i)));
            int other = (i + 1) % images.size();
            done.add(db.register(ImageInput.of(images.get(other)), names.get(other)));
            db.search(ImageInput.of(images.get(i)), 3, OptionalDouble.of(2.0));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      assertThat(db.count()).isEqualTo(images.size());
      Set<String> ids = new HashSet<>();
      done.forEach(r -> r.faces().forEach(f -> ids.add(f.id())));
      assertThat(ids).hasSize(images.size());
      for (int i = 0; i < images.size(); i++) {
        List<FaceMatch> hits = db.search(ImageInput.of(images.get(i)), 1, OptionalDouble.of(2.0)).get(0);
        assertThat(hits).as(names.get(i)).hasSize(1);
        assertThat(hits.get(0).name()).isEqualTo(names.get(i));
        assertThat(hits.get(0).distance()).isLessThan(1e-4);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
