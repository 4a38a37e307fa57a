package io.deepface.find;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.testing.LogCapture;
import io.deepface.verify.DistanceMetric;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorStoresTest {
  @Test
  void theBuiltInStoresComeFirstAndServiceLoaderAddsTheOthers() {
    List<String> names = VectorStores.providers().stream().map(VectorStoreProvider::name).toList();
    assertThat(names).startsWith("exact", "hnsw").contains(TestStoreProvider.NAME).doesNotHaveDuplicates();
    try (VectorStore s = VectorStores.open(TestStoreProvider.NAME, VectorStoreConfig.inMemory(2, DistanceMetric.COSINE))) {
      assertThat(s.name()).isEqualTo(TestStoreProvider.NAME);
      s.add("a", new float[] {1, 0});
      assertThat(s.search(new float[] {1, 0}, 1).get(0).id()).isEqualTo("a");
    }
  }

  @Test
  void theBuiltInStoresAreRegisteredWithServiceLoaderLikeAnyOther() throws IOException {
    URL main = ExactVectorStore.class.getProtectionDomain().getCodeSource().getLocation();
    Path file = Path.of(java.net.URI.create(main.toString())).resolve("META-INF/services/"
        + VectorStoreProvider.class.getName());
    assertThat(Files.readAllLines(file))
        .containsExactly(ExactVectorStore.Provider.class.getName(), HnswVectorStore.Provider.class.getName());
  }

  @Test
  void aProviderThatCannotBeLoadedIsSkippedWithOneWarning(@TempDir Path dir) throws IOException {
    Path services = dir.resolve("META-INF/services/" + VectorStoreProvider.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, "io.deepface.find.NoSuchStoreProvider\n" + TestStoreProvider.class.getName() + "\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
        LogCapture log = LogCapture.start()) {
      List<String> names = VectorStores.load(loader).stream().map(VectorStoreProvider::name).toList();
      assertThat(names).startsWith("exact", "hnsw").containsOnlyOnce(TestStoreProvider.NAME);
      assertThat(log.warnings()).singleElement().asString()
          .contains("Skipping a vector store provider").contains("NoSuchStoreProvider");
    }
  }

  @Test
  void anUnknownStoreIsAFindExceptionNamingTheAvailableOnes() {
    assertThatThrownBy(() -> VectorStores.provider("faiss")).isInstanceOf(FindException.class)
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
