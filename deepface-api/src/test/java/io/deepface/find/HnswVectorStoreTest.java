package io.deepface.find;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.verify.DistanceMetric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HnswVectorStoreTest {
  private static final int DIM = 32;

  private static List<String> ids(int n) {
    return IntStream.range(0, n).mapToObj(i -> "v" + i).toList();
  }

  @Test
  void recallAgainstExactSearchIsHighAndDistancesAreExact(@TempDir Path dir) {
    int n = 4000;
    float[][] data = Synthetic.clustered(n, DIM, 8, 21);
    FaceIndex exact = new FaceIndex(DIM, DistanceMetric.COSINE);
    exact.addAll(ids(n), List.of(data));
    try (VectorStore hnsw = VectorStores.open("hnsw", new VectorStoreConfig(DIM, DistanceMetric.COSINE, dir, Map.of()))) {
      hnsw.addAll(ids(n), List.of(data));
      assertThat(hnsw.size()).isEqualTo(n);
      float[][] queries = Synthetic.clustered(100, DIM, 1, 77);
      double recall = 0;
      for (float[] q : queries) {
        List<Neighbor> want = exact.search(q, 10);
        List<Neighbor> got = hnsw.search(q, 10);
        assertThat(got).hasSize(10);
        Set<String> wantIds = new HashSet<>(want.stream().map(Neighbor::id).toList());
        recall += got.stream().filter(h -> wantIds.contains(h.id())).count() / 10.0;
        for (Neighbor h : got) {
          // Re-ranked: the distance is the exact one, whatever the graph scored.
          assertThat(h.distance()).isCloseTo(DistanceMetric.COSINE.distance(q, data[Integer.parseInt(h.id().substring(1))]),
              org.assertj.core.data.Offset.offset(1e-5));
        }
        for (int i = 1; i < got.size(); i++) {
          assertThat(got.get(i).distance()).isGreaterThanOrEqualTo(got.get(i - 1).distance());
        }
      }
      assertThat(recall / queries.length).isGreaterThanOrEqualTo(0.95);
    }
  }

  @Test
  void commitsPersistWithTheirTagAndUncommittedChangesDoNot(@TempDir Path dir) {
    float[][] data = Synthetic.clustered(500, DIM, 5, 3);
    VectorStoreConfig config = new VectorStoreConfig(DIM, DistanceMetric.EUCLIDEAN_L2, dir, Map.of("m", "8"));
    try (VectorStore s = VectorStores.open("hnsw", config)) {
      assertThat(s.tag()).isEmpty();
      s.addAll(ids(500), List.of(data));
      s.commit("generation-1");
      s.add("late", data[0]);
      assertThat(s.size()).isEqualTo(501); // visible at once, before any commit
    }
    try (VectorStore s = VectorStores.open("hnsw", config)) {
      assertThat(s.tag()).contains("generation-1");
      assertThat(s.size()).isEqualTo(500);
      assertThat(s.search(data[7], 1).get(0).id()).isEqualTo("v7");
    }
    // Another metric's vectors cannot be mixed in.
    assertThatThrownBy(() -> VectorStores.open("hnsw", new VectorStoreConfig(DIM + 1, DistanceMetric.EUCLIDEAN_L2, dir,
        Map.of()))).isInstanceOf(FindException.class).hasMessageContaining("holds " + DIM);
  }

  @Test
  void addReplacesRemoveDeletesAndClearEmpties() {
    try (VectorStore s = VectorStores.open("hnsw", VectorStoreConfig.inMemory(3, DistanceMetric.EUCLIDEAN))) {
      s.add("a", new float[] {0, 0, 0});
      s.add("b", new float[] {10, 0, 0});
      s.add("a", new float[] {20, 0, 0});
      assertThat(s.size()).isEqualTo(2);
      List<Neighbor> hits = s.search(new float[] {19, 0, 0}, 5);
      assertThat(hits).extracting(Neighbor::id).containsExactly("a", "b");
      assertThat(hits.get(0).distance()).isEqualTo(1.0);
      assertThat(s.search(new float[] {19, 0, 0}, 5, 2.0)).extracting(Neighbor::id).containsExactly("a");
      s.remove("a");
      s.remove("absent");
      assertThat(s.search(new float[] {19, 0, 0}, 5)).extracting(Neighbor::id).containsExactly("b");
      s.clear();
      assertThat(s.size()).isZero();
      assertThat(s.search(new float[] {1, 0, 0}, 5)).isEmpty();
    }
  }

  @Test
  void aSecondWriterOnTheSameFolderWaitsForTheFirstToCommit(@TempDir Path dir) {
    VectorStoreConfig config = new VectorStoreConfig(4, DistanceMetric.COSINE, dir, Map.of());
    try (VectorStore first = VectorStores.open("hnsw", config); VectorStore second = VectorStores.open("hnsw", config)) {
      first.add("x", new float[] {1, 0, 0, 0});
      assertThatThrownBy(() -> second.add("y", new float[] {0, 1, 0, 0})).isInstanceOf(FindException.class)
          .hasMessageContaining("being written");
      first.commit("t1");
      // The writer is closed by the commit: the other store may write now, and sees the commit.
      assertThat(second.tag()).contains("t1");
      assertThat(second.size()).isEqualTo(1);
      second.add("y", new float[] {0, 1, 0, 0});
      second.commit("t2");
      assertThat(first.tag()).contains("t2");
      assertThat(first.search(new float[] {0, 1, 0, 0}, 1).get(0).id()).isEqualTo("y");
    }
  }

  @Test
  void searchesRunWhileOtherThreadsAdd() throws Exception {
    float[][] data = Synthetic.clustered(3000, DIM, 6, 8);
    try (VectorStore s = VectorStores.open("hnsw", VectorStoreConfig.inMemory(DIM, DistanceMetric.COSINE))) {
      s.addAll(ids(1000), List.of(data).subList(0, 1000));
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int from = 1000 + t * 666;
        futures.add(pool.submit(() -> {
          for (int i = from; i < Math.min(3000, from + 666); i++) {
            s.add("v" + i, data[i]);
          }
          return null;
        }));
      }
      for (int t = 0; t < 3; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            List<Neighbor> hits = s.search(data[i % 1000], 3);
            assertThat(hits.get(0).id()).isEqualTo("v" + (i % 1000));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      assertThat(s.size()).isEqualTo(2998);
    }
  }

  @Test
  void anUnboundedSearchReturnsAtMostTheCandidateCount() {
    float[][] data = Synthetic.clustered(600, DIM, 6, 12);
    try (VectorStore s = VectorStores.open("hnsw", new VectorStoreConfig(DIM, DistanceMetric.COSINE, null,
        Map.of("candidates", "40")))) {
      s.addAll(ids(600), List.of(data));
      assertThat(s.search(data[0], Integer.MAX_VALUE)).hasSize(40);
      assertThat(s.search(data[0], 5)).hasSize(5);
      assertThat(s.search(data[0], 300)).hasSize(300);
    }
  }

  @Test
  void rejectsBadPropertiesAndVectors() {
    assertThatThrownBy(() -> VectorStores.open("hnsw", new VectorStoreConfig(4, DistanceMetric.COSINE, null,
        Map.of("quantize", "int3")))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int7");
    assertThatThrownBy(() -> VectorStores.open("hnsw", new VectorStoreConfig(4, DistanceMetric.COSINE, null,
        Map.of("m", "many")))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m must be an integer");
    assertThatThrownBy(() -> VectorStores.open("hnsw", VectorStoreConfig.inMemory(2048, DistanceMetric.COSINE)))
        .isInstanceOf(FindException.class).hasMessageContaining("at most 1024");
    try (VectorStore s = VectorStores.open("hnsw", VectorStoreConfig.inMemory(4, DistanceMetric.COSINE))) {
      assertThatThrownBy(() -> s.add("z", new float[4])).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.add("z", new float[3])).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void int7QuantizationKeepsExactDistancesThroughTheReRank() {
    float[][] data = Synthetic.clustered(1500, DIM, 6, 4);
    try (VectorStore s = VectorStores.open("hnsw", new VectorStoreConfig(DIM, DistanceMetric.COSINE, null,
        Map.of("quantize", "int7")))) {
      s.addAll(ids(1500), List.of(data));
      for (int i = 0; i < 1500; i += 150) {
        Neighbor top = s.search(data[i], 1).get(0);
        assertThat(top.id()).isEqualTo("v" + i);
        assertThat(top.distance()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-6));
      }
    }
  }

  @Test
  void aBulkLoadIntoAnEmptyStoreIsOneGraphAfterTheCommitWithTheQuantizedDefaults(@TempDir Path dir) {
    int n = 6000;
    float[][] data = Synthetic.clustered(n, 128, 5, 31);
    FaceIndex exact = new FaceIndex(128, DistanceMetric.COSINE);
    exact.addAll(ids(n), List.of(data));
    // A 1 MB buffer flushes a segment (one graph) every few thousand vectors.
    VectorStoreConfig config = new VectorStoreConfig(128, DistanceMetric.COSINE, dir, Map.of("ramBufferMB", "1"));
    try (HnswVectorStore s = HnswVectorStore.open(config)) {
      for (int start = 0; start < n; start += 2000) {
        s.addAll(ids(n).subList(start, start + 2000), List.of(data).subList(start, start + 2000));
      }
      assertThat(s.segmentCount()).as("flushed, not merged, before the commit").isGreaterThan(1);
      s.commit("bulk");
      assertThat(s.segmentCount()).isEqualTo(1);
      assertThat(s.size()).isEqualTo(n);
      float[][] queries = Synthetic.clustered(200, 128, 1, 99);
      double recall = 0;
      for (int i = 0; i < queries.length; i++) {
        List<Neighbor> want = exact.search(queries[i], 10);
        List<Neighbor> got = s.search(queries[i], 10);
        Set<String> wantIds = new HashSet<>(want.stream().map(Neighbor::id).toList());
        recall += got.stream().filter(h -> wantIds.contains(h.id())).count() / 10.0;
        // int7 graph, exact re-rank: the top hit is the exact one, at its exact distance.
        assertThat(got.get(0).id()).isEqualTo(want.get(0).id());
        assertThat(got.get(0).distance()).isCloseTo(want.get(0).distance(), org.assertj.core.data.Offset.offset(1e-6));
      }
      assertThat(recall / queries.length).isGreaterThanOrEqualTo(0.98);
    }
    // A later session adds to the committed graph without merging everything again at its commit.
    try (HnswVectorStore s = HnswVectorStore.open(config)) {
      float[][] more = Synthetic.clustered(3000, 128, 5, 32);
      List<String> moreIds = IntStream.range(0, 3000).mapToObj(i -> "w" + i).toList();
      s.addAll(moreIds, List.of(more));
      s.commit("more");
      assertThat(s.segmentCount()).isGreaterThan(1);
      assertThat(s.size()).isEqualTo(n + 3000);
      assertThat(s.search(more[17], 1).get(0).id()).isEqualTo("w17");
      assertThat(s.search(data[17], 1).get(0).id()).isEqualTo("v17");
    }
  }

  @Test
  void withoutBulkMergeAndUnquantizedTheSegmentsStayAsLuceneLeavesThem() {
    int n = 6000;
    float[][] data = Synthetic.clustered(n, 128, 5, 41);
    try (HnswVectorStore s = HnswVectorStore.open(new VectorStoreConfig(128, DistanceMetric.COSINE, null,
        Map.of("ramBufferMB", "1", "bulkMerge", "false", "quantize", "none", "beamWidth", "100")))) {
      s.addAll(ids(n), List.of(data));
      s.commit("t");
      assertThat(s.segmentCount()).isGreaterThan(1);
      for (int i = 0; i < n; i += 500) {
        Neighbor top = s.search(data[i], 1).get(0);
        assertThat(top.id()).isEqualTo("v" + i);
        assertThat(top.distance()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-6));
      }
      // An explicit merge still works after a load without the bulk merge.
      s.forceMerge(1);
      assertThat(s.segmentCount()).isEqualTo(1);
      assertThat(s.search(data[42], 1).get(0).id()).isEqualTo("v42");
    }
  }

  @Test
  void rejectsBadBulkMergeAndQuantizeValuesNamingTheChoices() {
    assertThatThrownBy(() -> VectorStores.open("hnsw", new VectorStoreConfig(4, DistanceMetric.COSINE, null,
        Map.of("bulkMerge", "yes")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bulkMerge must be true or false");
    assertThatThrownBy(() -> VectorStores.open("hnsw", new VectorStoreConfig(4, DistanceMetric.COSINE, null,
        Map.of("quantize", "int8")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none or int7");
    assertThatThrownBy(() -> VectorStores.open("hnsw", new VectorStoreConfig(4, DistanceMetric.COSINE, null,
        Map.of("beamWidth", "0")))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beamWidth=0");
    try (HnswVectorStore s = HnswVectorStore.open(VectorStoreConfig.inMemory(4, DistanceMetric.COSINE))) {
      assertThat(s.candidates()).isEqualTo(HnswVectorStore.DEFAULT_CANDIDATES);
    }
  }

  @Test
  void aStoreThatCannotBeOpenedIsAFindExceptionAsPromised(@TempDir Path dir) throws Exception {
    Path notAFolder = java.nio.file.Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> VectorStores.open("hnsw", new VectorStoreConfig(4, DistanceMetric.COSINE, notAFolder,
        Map.of()))).isInstanceOf(FindException.class).hasMessageContaining(notAFolder.toString());
    assertThatThrownBy(() -> VectorStores.open("exact", new VectorStoreConfig(4, DistanceMetric.COSINE,
        notAFolder.resolve("sub"), Map.of()))).isInstanceOf(FindException.class);
  }
}
