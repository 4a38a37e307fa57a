package io.deepface.benchmarks.lfw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepface.FaceEngine;
import io.deepface.align.AlignmentMode;
import io.deepface.model.ModelRepository;
import io.deepface.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LFW harness's embeddings on real LFW photos with the real models. */
class FaceEmbeddingsTest {
  private static final List<Path> IMAGES = List.of(TestData.lfw("Aaron_Sorkin", 1), TestData.lfw("Aaron_Sorkin", 2),
      TestData.lfw("Abel_Pacheco", 1));
  private static FaceEngine engine;

  @BeforeAll
  static void engine() {
    engine = FaceEngine.builder().models(ModelRepository.builder().modelPath(List.of(TestData.modelsDir()))
        .cacheDir(Path.of("target/deepface-home/models")).offline(true).build()).build();
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void fusionDerivedFromItsPartsEqualsTheFusedEmbedder(@TempDir Path cache) throws Exception {
    Map<FaceEmbeddings.Key, Map<Path, FaceEmbeddings.ImageFaces>> derived = FaceEmbeddings.compute(engine, IMAGES,
        "retinaface", List.of("fusion"), List.of(AlignmentMode.LANDMARKS), 2, cache);
    for (Path image : IMAGES) {
      FaceEmbeddings.ImageFaces fused = derived.get(new FaceEmbeddings.Key("retinaface", "fusion", AlignmentMode.LANDMARKS))
          .get(image);
      Map<FaceEmbeddings.Key, FaceEmbeddings.ImageFaces> direct = FaceEmbeddings.embed(engine, image,
          io.deepface.FaceOptions.builder().detector("retinaface").enforceDetection(false).build(),
          List.of(new FaceEmbeddings.Key("retinaface", "fusion", AlignmentMode.LANDMARKS)),
          Map.of("fusion", engine.embedder("fusion")));
      FaceEmbeddings.ImageFaces expected = direct.values().iterator().next();
      assertThat(fused.detected()).isEqualTo(1);
      assertThat(fused.plain()).hasSameSizeAs(expected.plain());
      assertClose(fused.plain().get(0), expected.plain().get(0));
      assertClose(fused.mirrored().get(0), expected.mirrored().get(0));
    }
    // Only the parts are cached; fusion is derived again from them.
    assertThat(Files.list(cache).map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
        "retinaface_faceplugin-512_landmarks.bin", "retinaface_mobilefacenet-128_landmarks.bin");
  }

  @Test
  void aSecondRunReadsTheCache(@TempDir Path cache) throws Exception {
    FaceEmbeddings.Key key = new FaceEmbeddings.Key("yunet", "mobilefacenet-128", AlignmentMode.EYES);
    Map<Path, FaceEmbeddings.ImageFaces> first = FaceEmbeddings.compute(engine, IMAGES, "yunet",
        List.of("mobilefacenet-128"), List.of(AlignmentMode.EYES), 1, cache).get(key);
    Path file = cache.resolve(key.fileName());
    long modified = Files.getLastModifiedTime(file).toMillis();
    Map<Path, FaceEmbeddings.ImageFaces> second = FaceEmbeddings.compute(engine, IMAGES, "yunet",
        List.of("mobilefacenet-128"), List.of(AlignmentMode.EYES), 1, cache).get(key);
    assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
    for (Path image : IMAGES) {
      assertThat(second.get(image).plain().get(0)).containsExactly(first.get(image).plain().get(0));
      assertThat(second.get(image).mirrored().get(0)).containsExactly(first.get(image).mirrored().get(0));
    }
  }

  private static void assertClose(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.length; i++) {
      assertThat((double) a[i]).isCloseTo(b[i], within(1e-5));
    }
  }
}
