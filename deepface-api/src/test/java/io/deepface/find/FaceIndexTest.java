package io.deepface.find;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.verify.DistanceMetric;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FaceIndexTest {
  /** Brute force with {@link DistanceMetric#distance}: what the index must agree with. */
  private static List<Neighbor> bruteForce(Map<String, float[]> all, float[] q, int k, double max, DistanceMetric m) {
    return all.entrySet().stream().map(e -> new Neighbor(e.getKey(), m.distance(q, e.getValue())))
        .filter(n -> n.distance() <= max)
        .sorted(Comparator.comparingDouble(Neighbor::distance).thenComparing(Neighbor::id)).limit(k).toList();
  }

  private static void assertSameNeighbors(List<Neighbor> got, List<Neighbor> want) {
    assertThat(got).extracting(Neighbor::id).containsExactlyElementsOf(want.stream().map(Neighbor::id).toList());
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i).distance()).isCloseTo(want.get(i).distance(), org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @ParameterizedTest
  @EnumSource(DistanceMetric.class)
  void searchAgreesWithBruteForceForEveryMetricSingleThreadedAndParallel(DistanceMetric metric) {
    // 300 x 48 stays on one thread; 30 000 x 48 (1.4 M multiply-adds) is split over the cores.
    for (int n : new int[] {300, 30_000}) {
      float[][] data = Synthetic.clustered(n, 48, 10, 7);
      FaceIndex index = new FaceIndex(48, metric);
      Map<String, float[]> all = new HashMap<>();
      for (int i = 0; i < n; i++) {
        index.add("id" + i, data[i]);
        all.put("id" + i, data[i]);
      }
      float[][] queries = Synthetic.clustered(5, 48, 1, 99);
      for (float[] q : queries) {
        assertSameNeighbors(index.search(q, 10), bruteForce(all, q, 10, Double.POSITIVE_INFINITY, metric));
        List<Neighbor> top = bruteForce(all, q, 50, Double.POSITIVE_INFINITY, metric);
        // A cut between the 20th and 21st distances, so float rounding cannot move a vector across it.
        double cut = (top.get(19).distance() + top.get(20).distance()) / 2;
        // Every vector within the distance, no k limit.
        assertSameNeighbors(index.search(q, Integer.MAX_VALUE, cut), bruteForce(all, q, Integer.MAX_VALUE, cut, metric));
      }
    }
  }

  @Test
  void kBeyondTheSizeReturnsEverythingAndAnEmptyIndexNothing() {
    FaceIndex index = new FaceIndex(3, DistanceMetric.COSINE);
    assertThat(index.search(new float[] {1, 0, 0}, 5)).isEmpty();
    index.add("a", new float[] {1, 0, 0});
    index.add("b", new float[] {0, 1, 0});
    List<Neighbor> hits = index.search(new float[] {1, 0.1f, 0}, 10);
    assertThat(hits).extracting(Neighbor::id).containsExactly("a", "b");
    assertThat(index.search(new float[] {1, 0, 0}, 10, -1)).isEmpty();
    index.clear();
    assertThat(index.size()).isZero();
    assertThat(index.contains("a")).isFalse();
    assertThat(index.search(new float[] {1, 0, 0}, 10)).isEmpty();
    index.add("c", new float[] {0, 0, 1});
    assertThat(index.search(new float[] {0, 0, 1}, 10)).extracting(Neighbor::id).containsExactly("c");
  }

  @Test
  void addReplacesTheVectorOfAnExistingIdAndRemoveMovesTheLastRowIntoTheGap() {
    FaceIndex index = new FaceIndex(2, DistanceMetric.EUCLIDEAN);
    index.add("a", new float[] {0, 0});
    index.add("b", new float[] {10, 0});
    index.add("c", new float[] {20, 0});
    index.add("a", new float[] {30, 0});
    assertThat(index.size()).isEqualTo(3);
    assertThat(index.vector("a")).containsExactly(30, 0);
    assertThat(index.remove("b")).isTrue();
    assertThat(index.remove("b")).isFalse();
    assertThat(index.size()).isEqualTo(2);
    assertThat(index.contains("b")).isFalse();
    assertThat(index.ids()).containsExactlyInAnyOrder("a", "c");
    assertThat(index.vector("c")).containsExactly(20, 0);
    List<Neighbor> hits = index.search(new float[] {19, 0}, 5);
    assertThat(hits).extracting(Neighbor::id).containsExactly("c", "a");
    assertThat(hits.get(0).distance()).isEqualTo(1.0);
  }

  @Test
  void removingManyKeepsEveryRemainingVectorFindable() {
    int n = 5000;
    float[][] data = Synthetic.clustered(n, 16, 5, 3);
    FaceIndex index = new FaceIndex(16, DistanceMetric.COSINE);
    for (int i = 0; i < n; i++) {
      index.add("v" + i, data[i]);
    }
    for (int i = 0; i < n; i += 3) {
      assertThat(index.remove("v" + i)).isTrue();
    }
    assertThat(index.size()).isEqualTo(n - (n + 2) / 3);
    for (int i = 1; i < n; i += 97) {
      if (i % 3 != 0) {
        assertThat(index.search(data[i], 1).get(0).id()).isEqualTo("v" + i);
      }
    }
  }

  @Test
  void randomAddsAndRemovesAgreeWithAHashMapModel() {
    SplittableRandom r = new SplittableRandom(5);
    FaceIndex index = new FaceIndex(4, DistanceMetric.EUCLIDEAN);
    Map<String, float[]> model = new HashMap<>();
    for (int op = 0; op < 30_000; op++) {
      String id = "k" + r.nextInt(3000);
      if (r.nextInt(3) == 0) {
        assertThat(index.remove(id)).isEqualTo(model.remove(id) != null);
      } else {
        float[] v = {r.nextInt(100), r.nextInt(100), op, 1};
        index.add(id, v);
        model.put(id, v);
      }
    }
    assertThat(index.size()).isEqualTo(model.size());
    assertThat(index.ids()).containsExactlyInAnyOrderElementsOf(model.keySet());
    for (int k = 0; k < 3000; k++) {
      String id = "k" + k;
      assertThat(index.contains(id)).isEqualTo(model.containsKey(id));
      if (model.containsKey(id)) {
        assertThat(index.vector(id)).containsExactly(model.get(id));
      }
    }
  }

  @Test
  void rejectsWrongLengthsNonFiniteValuesAndZeroVectors() {
    FaceIndex index = new FaceIndex(3, DistanceMetric.COSINE);
    assertThatThrownBy(() -> index.add("x", new float[2])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 values").hasMessageContaining("3");
    assertThatThrownBy(() -> index.add("x", new float[] {1, Float.NaN, 0})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-finite");
    assertThatThrownBy(() -> index.add("x", new float[3])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zeros");
    assertThatThrownBy(() -> index.search(new float[] {1, 0, 0}, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FaceIndex(0, DistanceMetric.COSINE)).isInstanceOf(IllegalArgumentException.class);
    // A zero vector is fine for the euclidean metric.
    FaceIndex euclid = new FaceIndex(3, DistanceMetric.EUCLIDEAN);
    euclid.add("zero", new float[3]);
    assertThat(euclid.search(new float[] {3, 4, 0}, 1).get(0).distance()).isEqualTo(5.0);
  }

  @Test
  void saveAndLoadRoundTripsAndLeaveNoTemporaryFile(@TempDir Path dir) throws IOException {
    float[][] data = Synthetic.clustered(1000, 40, 4, 5);
    FaceIndex index = new FaceIndex(40, DistanceMetric.EUCLIDEAN_L2);
    for (int i = 0; i < data.length; i++) {
      index.add("face/" + i + ".jpg#0", data[i]);
    }
    Path file = dir.resolve("gallery.dfi");
    index.save(file);
    FaceIndex loaded = FaceIndex.load(file);
    assertThat(loaded.size()).isEqualTo(1000);
    assertThat(loaded.metric()).isEqualTo(DistanceMetric.EUCLIDEAN_L2);
    assertThat(loaded.dimension()).isEqualTo(40);
    assertThat(loaded.ids()).containsExactlyElementsOf(index.ids());
    for (int i = 0; i < 1000; i += 111) {
      assertThat(loaded.vector("face/" + i + ".jpg#0")).containsExactly(index.vector("face/" + i + ".jpg#0"));
      assertThat(loaded.search(data[i], 5)).isEqualTo(index.search(data[i], 5));
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("gallery.dfi");
    }
    // An empty index too.
    new FaceIndex(8, DistanceMetric.COSINE).save(dir.resolve("empty.dfi"));
    assertThat(FaceIndex.load(dir.resolve("empty.dfi")).size()).isZero();
  }

  @Test
  void aDamagedTruncatedOrForeignFileIsRejectedWithATypedException(@TempDir Path dir) throws IOException {
    FaceIndex index = new FaceIndex(16, DistanceMetric.COSINE);
    float[][] data = Synthetic.clustered(200, 16, 4, 1);
    for (int i = 0; i < data.length; i++) {
      index.add("v" + i, data[i]);
    }
    Path good = dir.resolve("good.dfi");
    index.save(good);
    byte[] bytes = Files.readAllBytes(good);

    Path flipped = dir.resolve("flipped.dfi");
    byte[] f = bytes.clone();
    f[f.length / 2] ^= 0x10;
    Files.write(flipped, f);
    assertThatThrownBy(() -> FaceIndex.load(flipped)).isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining("checksum").hasMessageContaining("flipped.dfi");

    Path truncated = dir.resolve("truncated.dfi");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> FaceIndex.load(truncated)).isInstanceOf(CorruptIndexException.class);

    Path shortFile = dir.resolve("short.dfi");
    Files.write(shortFile, java.util.Arrays.copyOf(bytes, 30));
    assertThatThrownBy(() -> FaceIndex.load(shortFile)).isInstanceOf(CorruptIndexException.class);

    Path foreign = dir.resolve("foreign.dfi");
    Files.writeString(foreign, "this is a text file that happens to carry the index's name, not an index");
    assertThatThrownBy(() -> FaceIndex.load(foreign)).isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining("wrong magic");

    Path empty = dir.resolve("empty.dfi");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> FaceIndex.load(empty)).isInstanceOf(CorruptIndexException.class);

    Path versioned = dir.resolve("v99.dfi");
    byte[] v = bytes.clone();
    v[11] = 99; // the version int follows the 8-byte magic
    Files.write(versioned, v);
    assertThatThrownBy(() -> FaceIndex.load(versioned)).isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining("version 99");

    Path garbage = dir.resolve("garbage.dfi");
    Files.write(garbage, bytes);
    try (RandomAccessFile raf = new RandomAccessFile(garbage.toFile(), "rw")) {
      raf.seek(raf.length());
      raf.write(new byte[] {1, 2, 3});
    }
    assertThatThrownBy(() -> FaceIndex.load(garbage)).isInstanceOf(CorruptIndexException.class);
  }

  @Test
  void manyThreadsAddRemoveAndSearchAtOnce() throws Exception {
    int dim = 32;
    FaceIndex index = new FaceIndex(dim, DistanceMetric.COSINE);
    float[][] stable = Synthetic.clustered(2000, dim, 1, 11);
    for (int i = 0; i < stable.length; i++) {
      index.add("stable" + i, stable[i]);
    }
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    Set<String> everAdded = ConcurrentHashMap.newKeySet();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      futures.add(pool.submit(() -> {
        go.await();
        SplittableRandom r = new SplittableRandom(id);
        for (int i = 0; i < 400; i++) {
          if (id % 2 == 0) {
            String name = "t" + id + "-" + i;
            everAdded.add(name);
            index.add(name, Synthetic.gaussian(r, dim, 1));
            if (i % 2 == 1) {
              assertThat(index.remove("t" + id + "-" + (i - 1))).isTrue();
            }
          } else {
            int s = r.nextInt(stable.length);
            List<Neighbor> hits = index.search(stable[s], 5);
            // The stable vectors are never touched: each finds itself first.
            assertThat(hits.get(0).id()).isEqualTo("stable" + s);
            for (int h = 1; h < hits.size(); h++) {
              assertThat(hits.get(h).distance()).isGreaterThanOrEqualTo(hits.get(h - 1).distance());
            }
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    // Each adding thread keeps its odd-numbered vectors: 200 each.
    assertThat(index.size()).isEqualTo(stable.length + 4 * 200);
    for (String id : index.ids()) {
      assertThat(id.startsWith("stable") || everAdded.contains(id)).isTrue();
    }
    assertThat(index.contains("t0-0")).isFalse();
    assertThat(index.contains("t0-1")).isTrue();
  }
}
