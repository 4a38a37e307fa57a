package io.deepface.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.FaceEngine;
import io.deepface.FacialArea;
import io.deepface.find.BatchRegistration;
import io.deepface.find.Enrolment;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.find.FaceRecord;
import io.deepface.find.FindException;
import io.deepface.find.StoreMismatchException;
import io.deepface.find.VectorStore;
import io.deepface.find.VectorStoreConfig;
import io.deepface.find.VectorStores;
import io.deepface.image.ImageInput;
import io.deepface.testing.CaptureLogs;
import io.deepface.testing.LogCapture;
import io.deepface.testing.TestEngines;
import io.deepface.testing.conformance.FaceDatabaseConformanceTest;
import io.deepface.verify.DistanceMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code postgres} store against a real PostgreSQL server started for this class ({@link PostgresServer}): the
 * face database conformance suite (8 threads at once included), then what is PostgreSQL's own: found by name, an
 * unreachable server, a table of another dimension or model, a transaction that fails leaving the image as it was, a
 * server stopped mid-batch and the batch rerun, and another process's changes seen incrementally.
 */
@ExtendWith(CaptureLogs.class)
class PostgresFaceDatabaseTest extends FaceDatabaseConformanceTest {
  private static PostgresServer server;

  @BeforeAll
  static void startPostgres() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() {
    if (server != null) {
      server.close();
    }
  }

  private static Map<String, String> props(String table) {
    return Map.of("url", server.url(), "table", table);
  }

  @Override
  protected FaceEngine engine() {
    return TestEngines.shared();
  }

  @Override
  protected FaceDatabase open(FaceDatabaseOptions options) {
    return FaceDatabase.open(engine(), "postgres", props("faces"), options);
  }

  @Override
  protected void empty() {
    try (VectorStore s = store("faces", 128)) {
      s.clear();
    }
  }

  private static VectorStore store(String table, int dimension) {
    return VectorStores.open("postgres", new VectorStoreConfig(dimension, DistanceMetric.COSINE, null, props(table)));
  }

  @Test
  void theProviderIsFoundByName() {
    assertThat(VectorStores.provider("postgres").description()).contains("PostgreSQL");
  }

  @Test
  void anUnreachableServerIsNamedWithoutItsPassword() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/faces?user=deepface&password=secret99";
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> FaceDatabase.open(engine(), "postgres", Map.of("url", url), options()))
        .isInstanceOf(FindException.class)
        .hasMessageContaining("Cannot reach the postgres store at jdbc:postgresql://127.0.0.1:" + port)
        .hasMessageContaining("password=***")
        .hasMessageNotContaining("secret99");
    assertThat((System.nanoTime() - t0) / 1e9).as("no retry storm").isLessThan(10);
    assertThatThrownBy(() -> FaceDatabase.open(engine(), "postgres", Map.of(), options()))
        .isInstanceOf(FindException.class).hasMessageContaining("needs a JDBC URL");
  }

  @Test
  void aTableOfAnotherDimensionOrModelIsRefused() {
    try (VectorStore s = store("faces512", 512)) {
      assertThat(s.size()).isZero();
    }
    assertThatThrownBy(() -> FaceDatabase.open(engine(), "postgres", props("faces512"), options()))
        .isInstanceOf(StoreMismatchException.class)
        .hasMessageContaining("table faces512").hasMessageContaining("512-d").hasMessageContaining("128-d");
    try (FaceDatabase db = FaceDatabase.open(engine(), "postgres", props("faces_model"), options())) {
      assertThat(db.count()).isZero();
    }
    FaceDatabaseOptions other = options().toBuilder()
        .face(options().face().toBuilder().detector("yunet").build()).build();
    assertThatThrownBy(() -> FaceDatabase.open(engine(), "postgres", props("faces_model"), other))
        .isInstanceOf(StoreMismatchException.class).hasMessageContaining("detector=yunet")
        .hasMessageContaining("detector=" + options().face().detector());
  }

  @Test
  void aFailedTransactionLeavesTheImageAsItWas() {
    try (FaceDatabase db = open(options())) {
      Path photo = people().values().iterator().next().get(0);
      FaceRecord stored = db.register(ImageInput.of(photo), "before").faces().get(0);
      try (PostgresFaceStore s = PostgresFaceStore.open(new VectorStoreConfig(128, DistanceMetric.COSINE, null,
          props("faces")))) {
        float[] v = new float[128];
        v[0] = 1;
        FacialArea a = new FacialArea(1, 2, 3, 4, null, null, null, null, null);
        // Two faces with one id: the second insert fails, and the whole image's transaction with it.
        FaceRecord f = new FaceRecord(stored.id(), "after", stored.imageHash(), 0, a, 1, Map.of(), v);
        assertThatThrownBy(() -> s.putImage(stored.imageHash(), List.of(f, f))).isInstanceOf(FindException.class)
            .hasMessageContaining("table faces");
        assertThat(s.imageFaces(stored.imageHash())).extracting(FaceRecord::name).containsExactly("before");
      }
      assertThat(db.count()).isEqualTo(1);
    }
  }

  @Test
  void aServerStoppedMidBatchLosesNothingAndTheRerunDuplicatesNothing(LogCapture log) throws Exception {
    log.expectWarning("Batch registration stopped: 4 of 12 images stored; the postgres store failed: Cannot reach");
    List<Enrolment> batch = new ArrayList<>();
    for (Map.Entry<String, List<Path>> e : people().entrySet()) {
      if (batch.size() == 12) {
        break;
      }
      batch.add(new Enrolment(ImageInput.of(e.getValue().get(0)), e.getKey()));
    }
    BatchRegistration report;
    try (FaceDatabase db = open(options().toBuilder().batchSize(4).build())) {
      report = db.registerAll(batch, (done, total, failed) -> {
        if (done == 4) {
          try {
            server.stopServer();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      });
    } finally {
      server.startServer();
    }
    assertThat(report.registered()).hasSize(4);
    assertThat(report.storeFailure()).contains("postgres store").contains("127.0.0.1:" + server.port());
    assertThat(report.failed()).hasSize(8).allSatisfy(f -> assertThat(f.reason()).startsWith("not stored: "));
    assertThat(report.failed().get(0).index()).isEqualTo(4);
    try (FaceDatabase db = open(options().toBuilder().batchSize(4).build())) {
      assertThat(db.count()).isEqualTo(4);
      BatchRegistration rerun = db.registerAll(batch, BatchRegistration.Listener.NONE);
      assertThat(rerun.failed()).isEmpty();
      assertThat(rerun.registered().stream().filter(r -> r.unchanged()).count()).isEqualTo(4);
      assertThat(db.count()).isEqualTo(12);
    }
  }

  @Test
  void anotherProcessesChangesAreSeenIncrementally() {
    try (PostgresFaceStore a = PostgresFaceStore.open(new VectorStoreConfig(4, DistanceMetric.COSINE, null,
        props("small")));
        PostgresFaceStore b = PostgresFaceStore.open(new VectorStoreConfig(4, DistanceMetric.COSINE, null,
            props("small")))) {
      a.clear();
      FacialArea area = new FacialArea(1, 2, 3, 4, null, null, null, null, null);
      a.putImage("h1", List.of(new FaceRecord("h1#0", "one", "h1", 0, area, 1, Map.of("k", "v"),
          new float[] {1, 0, 0, 0})));
      assertThat(b.search(new float[] {1, 0, 0, 0}, 5)).extracting(n -> n.id()).containsExactly("h1#0");
      a.putImage("h2", List.of(new FaceRecord("h2#0", "two", "h2", 0, area, 1, Map.of(), new float[] {0, 1, 0, 0}),
          new FaceRecord("h2#1", "two", "h2", 1, area, 1, Map.of(), new float[] {0, 0, 1, 0})));
      assertThat(b.search(new float[] {0, 1, 0, 0}, 1)).extracting(n -> n.id()).containsExactly("h2#0");
      assertThat(a.removeName("two")).isEqualTo(2);
      assertThat(b.search(new float[] {0, 1, 0, 0}, 5)).extracting(n -> n.id()).containsExactly("h1#0");
      assertThat(b.records(List.of("h1#0", "nope"))).singleElement()
          .satisfies(r -> assertThat(r.metadata()).containsEntry("k", "v"))
          .satisfies(r -> assertThat(r.facialArea()).isEqualTo(area));
      assertThat(b.size()).isEqualTo(1);
    }
  }

  @Test
  void thePasswordComesFromACredentialsFileAndIsNeverShown() throws Exception {
    Path creds = Files.writeString(tmp.resolve("pg.properties"), "user=postgres\npassword=hunter2\n");
    String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres";
    try (FaceDatabase db = FaceDatabase.open(engine(), "postgres", Map.of("url", url, "table", "faces_creds",
        "credentials", creds.toString()), options())) {
      assertThat(db.count()).isZero();
      assertThat(db.search(new float[128], 1, OptionalDouble.of(1.0)).size()).isZero();
    } catch (IllegalArgumentException e) {
      // A zero query vector has no direction: the database says so before reaching the store.
      assertThat(e).hasMessageContaining("all zeros");
    }
  }
}
