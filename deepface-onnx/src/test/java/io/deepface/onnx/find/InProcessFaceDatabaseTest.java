package io.deepface.onnx.find;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.FaceEngine;
import io.deepface.find.ExactVectorStore;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.find.FindException;
import io.deepface.find.StoreMismatchException;
import io.deepface.find.VectorStores;
import io.deepface.testing.TestEngines;
import io.deepface.testing.conformance.FaceDatabaseConformanceTest;
import io.deepface.verify.DistanceMetric;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The face database over the in-process {@code exact} store (records in memory beside it), through the conformance
 * suite; and the rules for plain vector stores.
 */
class InProcessFaceDatabaseTest extends FaceDatabaseConformanceTest {
  private ExactVectorStore store;

  @Override
  protected FaceEngine engine() {
    return TestEngines.shared();
  }

  @Override
  protected FaceDatabase open(FaceDatabaseOptions options) {
    return FaceDatabase.open(engine(), store, options);
  }

  @Override
  protected boolean shared() {
    return false;
  }

  @Override
  protected void empty() {
    store = new ExactVectorStore(128, DistanceMetric.COSINE);
  }

  @Test
  void aStoreOfAnotherDimensionOrMetricIsRefused() {
    ExactVectorStore wrong = new ExactVectorStore(512, DistanceMetric.COSINE);
    assertThatThrownBy(() -> FaceDatabase.open(engine(), wrong, options()))
        .isInstanceOf(StoreMismatchException.class).hasMessageContaining("512-d").hasMessageContaining("128-d");
    ExactVectorStore euclid = new ExactVectorStore(128, DistanceMetric.EUCLIDEAN);
    assertThatThrownBy(() -> FaceDatabase.open(engine(), euclid, options()))
        .isInstanceOf(StoreMismatchException.class).hasMessageContaining("euclidean");
  }

  @Test
  void aPlainStoreThatHoldsVectorsIsRefused() {
    ExactVectorStore used = new ExactVectorStore(128, DistanceMetric.COSINE);
    float[] v = new float[128];
    v[0] = 1;
    used.add("x", v);
    assertThatThrownBy(() -> FaceDatabase.open(engine(), used, options()))
        .isInstanceOf(FindException.class).hasMessageContaining("without face records");
  }

  @Test
  void storesAreOpenedByName() {
    try (FaceDatabase db = FaceDatabase.open(engine(), VectorStores.HNSW,
        Map.of(FaceDatabase.DIRECTORY_PROPERTY, tmp.resolve("hnsw").toString()), options())) {
      assertThat(db.storeName()).isEqualTo("hnsw");
      var p = people().entrySet().iterator().next();
      db.register(io.deepface.image.ImageInput.of(p.getValue().get(0)), p.getKey());
      assertThat(db.search(io.deepface.image.ImageInput.of(p.getValue().get(1))).get(0).get(0).name())
          .isEqualTo(p.getKey());
    }
    assertThatThrownBy(() -> FaceDatabase.open(engine(), "nosuchstore", Map.of(), options()))
        .isInstanceOf(FindException.class).hasMessageContaining("nosuchstore");
  }

  @Test
  void deepFaceRegistersAndSearchesTheConfiguredDatabase() {
    var p = people().entrySet().iterator().next();
    try (FaceDatabase db = FaceDatabase.open(io.deepface.DeepFace.engine(), new ExactVectorStore(128,
        DistanceMetric.COSINE), options())) {
      io.deepface.DeepFace.useDatabase(db);
      assertThat(io.deepface.DeepFace.register(p.getValue().get(0), p.getKey()).faces()).hasSize(1);
      assertThat(io.deepface.DeepFace.search(p.getValue().get(1)).get(0).get(0).name()).isEqualTo(p.getKey());
      var other = options().face().toBuilder().model("faceplugin-512").build();
      assertThatThrownBy(() -> io.deepface.DeepFace.search(io.deepface.image.ImageInput.of(p.getValue().get(1)), other))
          .isInstanceOf(StoreMismatchException.class).hasMessageContaining("faceplugin-512");
    }
  }
}
