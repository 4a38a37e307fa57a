package io.deepface.store.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.FaceEngine;
import io.deepface.find.BatchRegistration;
import io.deepface.find.Enrolment;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.find.FaceMatch;
import io.deepface.find.FindException;
import io.deepface.find.StoreMismatchException;
import io.deepface.find.VectorStore;
import io.deepface.find.VectorStoreConfig;
import io.deepface.find.VectorStores;
import io.deepface.image.ImageInput;
import io.deepface.testing.TestEngines;
import io.deepface.testing.conformance.FaceDatabaseConformanceTest;
import io.deepface.verify.DistanceMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The {@code solr} store against a real two-node SolrCloud running in this JVM ({@code solr-test-framework}'s
 * {@link MiniSolrCloudCluster}, with its own ZooKeeper), every collection 2 shards x 2 replicas created by the store
 * itself: the face database conformance suite (8 threads at once included), then 200 real faces registered, searched
 * exactly and approximately (recall of kNN against exact), one node stopped, and search still answering with nothing
 * lost. The node-stopping test runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SolrFaceDatabaseTest extends FaceDatabaseConformanceTest {
  private static MiniSolrCloudCluster cluster;
  private static Path base;

  @BeforeAll
  static void startSolrCloud() throws Exception {
    base = Files.createTempDirectory("deepface-solr");
    cluster = new MiniSolrCloudCluster.Builder(2, base).build();
  }

  @AfterAll
  static void stopSolrCloud() throws Exception {
    if (cluster != null) {
      cluster.shutdown();
    }
    try (var walk = Files.walk(base)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static String urls() {
    return cluster.getJettySolrRunners().stream().filter(JettySolrRunner::isRunning)
        .map(j -> j.getBaseUrl().toString()).collect(Collectors.joining(","));
  }

  private static Map<String, String> props(String collection, String... more) {
    Map<String, String> p = new HashMap<>(Map.of("url", urls(), "collection", collection, "shards", "2",
        "replicas", "2"));
    for (int i = 0; i < more.length; i += 2) {
      p.put(more[i], more[i + 1]);
    }
    return p;
  }

  @Override
  protected FaceEngine engine() {
    return TestEngines.shared();
  }

  @Override
  protected FaceDatabase open(FaceDatabaseOptions options) {
    return FaceDatabase.open(engine(), "solr", props("faces"), options);
  }

  @Override
  protected void empty() {
    try (VectorStore s = VectorStores.open("solr", new VectorStoreConfig(128, DistanceMetric.COSINE, null,
        props("faces")))) {
      s.clear();
    }
  }

  @Test
  void theCollectionIsShardedAndReplicatedAndFoundThroughZooKeeper() throws Exception {
    cluster.waitForActiveCollection("faces", 2, 4);
    Map<String, String> zk = new HashMap<>(props("faces"));
    zk.put("url", "zk:" + cluster.getZkServer().getZkAddress());
    try (FaceDatabase db = FaceDatabase.open(engine(), "solr", zk, options())) {
      assertThat(db.count()).isZero();
    }
  }

  @Test
  void anUnreachableSolrIsNamed() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/solr";
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> FaceDatabase.open(engine(), "solr", Map.of("url", url), options()))
        .isInstanceOf(FindException.class).hasMessageContaining("Cannot reach the solr store at " + url);
    assertThat((System.nanoTime() - t0) / 1e9).as("no retry storm").isLessThan(10);
  }

  @Test
  void aCollectionOfAnotherDimensionIsRefused() {
    try (VectorStore s = VectorStores.open("solr", new VectorStoreConfig(512, DistanceMetric.COSINE, null,
        props("faces512", "shards", "1", "replicas", "1")))) {
      assertThat(s.size()).isZero();
    }
    assertThatThrownBy(() -> FaceDatabase.open(engine(), "solr", props("faces512"), options()))
        .isInstanceOf(StoreMismatchException.class).hasMessageContaining("collection faces512")
        .hasMessageContaining("512-d").hasMessageContaining("128-d");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void twoHundredFacesSurviveANodeStoppingAndKnnIsReRankedExactly() throws Exception {
    List<Enrolment> batch = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Path> queries = new ArrayList<>();
    for (Map.Entry<String, List<Path>> e : people().entrySet()) {
      if (batch.size() == 200) {
        break;
      }
      batch.add(new Enrolment(ImageInput.of(e.getValue().get(0)), e.getKey()));
      names.add(e.getKey());
      queries.add(e.getValue().get(1));
    }
    FaceDatabaseOptions options = options().toBuilder().batchSize(16).build();
    List<List<FaceMatch>> exact = new ArrayList<>();
    try (FaceDatabase db = FaceDatabase.open(engine(), "solr", props("faces200"), options);
        FaceDatabase knn = FaceDatabase.open(engine(), "solr", props("faces200", "search", "approximate",
            "overfetch", "10"), options)) {
      BatchRegistration report = db.registerAll(batch, BatchRegistration.Listener.NONE);
      assertThat(report.failed()).isEmpty();
      assertThat(db.count()).isEqualTo(200);
      int right = 0;
      int found = 0;
      int wanted = 0;
      for (int i = 0; i < 40; i++) {
        List<FaceMatch> e = db.search(ImageInput.of(queries.get(i)), 10, OptionalDouble.of(2.0)).get(0);
        List<FaceMatch> a = knn.search(ImageInput.of(queries.get(i)), 10, OptionalDouble.of(2.0)).get(0);
        exact.add(e);
        assertThat(e).hasSize(10);
        right += e.get(0).name().equals(names.get(i)) ? 1 : 0;
        List<String> ids = a.stream().map(FaceMatch::id).toList();
        for (FaceMatch m : e) {
          wanted++;
          found += ids.contains(m.id()) ? 1 : 0;
        }
        // Approximate hits carry exact distances: where both found a face, the distance is the same.
        for (FaceMatch m : a) {
          e.stream().filter(x -> x.id().equals(m.id())).findFirst()
              .ifPresent(x -> assertThat(m.distance()).isCloseTo(x.distance(), org.assertj.core.data.Offset.offset(1e-6)));
        }
      }
      assertThat(right).isGreaterThanOrEqualTo(38);
      double recall = (double) found / wanted;
      System.out.printf("solr kNN recall@10 against exact over 200 faces, 40 queries: %.3f%n", recall);
      assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }

    JettySolrRunner stopped = cluster.stopJettySolrRunner(0);
    cluster.waitForJettyToStop(stopped);
    // Both node URLs are given: the stopped one is passed over, the replicas on the other answer.
    Map<String, String> both = new HashMap<>(props("faces200"));
    both.put("url", stopped.getBaseUrl() + "," + urls());
    try (FaceDatabase db = FaceDatabase.open(engine(), "solr", both, options)) {
      assertThat(db.count()).isEqualTo(200);
      for (int i = 0; i < 40; i++) {
        List<FaceMatch> e = db.search(ImageInput.of(queries.get(i)), 10, OptionalDouble.of(2.0)).get(0);
        assertThat(e).extracting(FaceMatch::id).containsExactlyElementsOf(exact.get(i).stream().map(FaceMatch::id)
            .toList());
      }
    }
  }
}
