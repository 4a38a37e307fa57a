package io.deepface.find;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.verify.DistanceMetric;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorStoresTest {
  @Test
  void theBuiltInStoresComeFirstAndServiceLoaderAddsTheOthers() {
    List<String> names = VectorStores.providers().stream().map(VectorStoreProvider::name).toList();
    assertThat(names).startsWith("exact", "hnsw").contains(TestStoreProvider.NAME);
    try (VectorStore s = VectorStores.open(TestStoreProvider.NAME, VectorStoreConfig.inMemory(2, DistanceMetric.COSINE))) {
      assertThat(s.name()).isEqualTo(TestStoreProvider.NAME);
      s.add("a", new float[] {1, 0});
      assertThat(s.search(new float[] {1, 0}, 1).get(0).id()).isEqualTo("a");
    }
  }

  @Test
  void anUnknownStoreNamesTheAvailableOnes() {
    assertThatThrownBy(() -> VectorStores.provider("faiss")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("faiss").hasMessageContaining("exact").hasMessageContaining("hnsw");
  }

  @Test
  void theExactStorePersistsToItsFolderOnCommit(@TempDir Path dir) {
    VectorStoreConfig config = new VectorStoreConfig(3, DistanceMetric.EUCLIDEAN, dir, Map.of());
    try (VectorStore s = VectorStores.open("exact", config)) {
      s.addAll(List.of("a", "b"), List.of(new float[] {0, 0, 0}, new float[] {1, 1, 1}));
      s.commit("g1");
      s.add("c", new float[] {2, 2, 2});
    }
    try (VectorStore s = VectorStores.open("exact", config)) {
      assertThat(s.tag()).contains("g1");
      assertThat(s.size()).isEqualTo(2);
      assertThat(s.search(new float[] {1, 1, 1.1f}, 1).get(0).id()).isEqualTo("b");
      s.removeAll(List.of("a", "b"));
      assertThat(s.size()).isZero();
    }
    assertThatThrownBy(() -> VectorStores.open("exact", new VectorStoreConfig(3, DistanceMetric.COSINE, dir, Map.of())))
        .isInstanceOf(FindException.class).hasMessageContaining("euclidean");
  }
}
