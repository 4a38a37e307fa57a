package io.deepface.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepface.DeepFaceException;
import io.deepface.verify.DistanceMetric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The projection's arithmetic on vectors whose principal axes are known; the real-face map is tested in the CLI. */
class EmbeddingMapTest {
  private static EmbeddingMap.Face face(String who, float... v) {
    return new EmbeddingMap.Face(who, Path.of(who + ".jpg"), null, v);
  }

  @Test
  void theFirstAxisFollowsTheWidestSpreadAndNeighboursAreCounted() {
    // Two people, far apart along dimension 2; a little spread along dimension 0; nothing on dimension 1.
    List<EmbeddingMap.Face> faces = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      faces.add(face("ann", 0.1f * i, 0, 10));
      faces.add(face("bob", 0.1f * i, 0, -10));
    }
    EmbeddingMap map = EmbeddingMap.project(faces);
    assertThat(map.explainedVariance()[0]).isGreaterThan(0.99);
    for (EmbeddingMap.Point p : map.points()) {
      assertThat(Math.abs(p.x())).isCloseTo(10, within(1e-6));
    }
    assertThat(map.points().get(0).x()).isEqualTo(-map.points().get(1).x(), within(1e-9));
    assertThat(map.neighbourAgreement2d()).isEqualTo(1.0);
    assertThat(map.neighbourAgreementFull(DistanceMetric.EUCLIDEAN)).isEqualTo(1.0);
    assertThat(map.identities()).containsExactly("ann", "bob");
  }

  @Test
  void identitiesComeFromTheSubfolderOrTheFileName() {
    Path root = Path.of("/photos");
    assertThat(EmbeddingMap.identity(root, root.resolve("Ann_Lee/1.jpg"))).isEqualTo("Ann_Lee");
    assertThat(EmbeddingMap.identity(root, root.resolve("Colin_Powell_0071.jpg"))).isEqualTo("Colin_Powell");
    assertThat(EmbeddingMap.identity(root, root.resolve("bob.png"))).isEqualTo("bob");
  }

  @Test
  void tooFewFacesOrMixedLengthsAreRefused() {
    assertThatThrownBy(() -> EmbeddingMap.project(List.of(face("a", 1, 2), face("b", 3, 4))))
        .isInstanceOf(DeepFaceException.class).hasMessageContaining("at least three");
    assertThatThrownBy(() -> EmbeddingMap.project(List.of(face("a", 1, 2), face("b", 3, 4), face("c", 1))))
        .isInstanceOf(DeepFaceException.class).hasMessageContaining("different lengths");
  }
}
