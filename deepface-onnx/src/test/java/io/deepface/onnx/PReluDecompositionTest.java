package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.align.AlignmentMode;
import io.deepface.align.FaceAligner;
import io.deepface.components.StandardComponents;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelCatalog;
import io.deepface.model.convert.onnx.OnnxModelBuilder;
import io.deepface.model.convert.onnx.PReluDecomposition;
import io.deepface.runtime.ImageTensors;
import io.deepface.runtime.Tensor;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import io.deepface.verify.DistanceMetric;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PRelu rewrite the onnx backend applies to faceplugin's fr_feature (catalog hint {@code onnxruntime.rewrite}):
 * the same embeddings as the published graph on real faces, and nothing rewritten that should not be.
 */
class PReluDecompositionTest {
  private static final String FEATURE = StandardComponents.FACEPLUGIN_512.modelId();
  private static OrtSession published;
  private static OrtSession publishedBasic;
  private static OrtSession backend;

  @BeforeAll
  static void open() throws Exception {
    Path file = TestEngines.repository().resolve(FEATURE);
    published = session(file, OrtSession.SessionOptions.OptLevel.ALL_OPT);
    // What the backend ran before the rewrite: the published graph at basic optimisation.
    publishedBasic = session(file, OrtSession.SessionOptions.OptLevel.BASIC_OPT);
    backend = OnnxBackend.openSession(ModelCatalog.builtin().require(FEATURE), file, 0);
  }

  @AfterAll
  static void close() throws OrtException {
    for (OrtSession s : List.of(published, publishedBasic, backend)) {
      s.close();
    }
  }

  private static OrtSession session(Path file, OrtSession.SessionOptions.OptLevel level) throws OrtException {
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setOptimizationLevel(level);
      return OnnxBackend.environment().createSession(file.toString(), o);
    }
  }

  private static float[] run(OrtSession session, Tensor input) throws OrtException {
    try (OnnxTensor x = OnnxTensor.createTensor(OnnxBackend.environment(), FloatBuffer.wrap(input.data()), input.shape());
        OrtSession.Result r = session.run(Map.of("input", x))) {
      FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
      float[] v = new float[b.remaining()];
      b.get(v);
      return v;
    }
  }

  @Test
  void fr_featureGivesTheSameEmbeddingsOnLfwFaces() throws Exception {
    FaceEngine engine = TestEngines.shared();
    List<RgbImage> crops = new ArrayList<>();
    for (String name : List.of("Aaron_Sorkin", "Abdoulaye_Wade", "Abel_Pacheco", "Adam_Sandler", "Aicha_El_Ouafi")) {
      for (int i = 1; i <= 2; i++) {
        RgbImage img = engine.decode(ImageInput.of(TestData.lfw(name, i)));
        DetectedFace f = engine.detectFaces(ImageInput.of(img, name), FaceOptions.defaults()).get(0);
        crops.add(FaceAligner.crop(img, f, StandardComponents.FACEPLUGIN_512.alignment(), AlignmentMode.LANDMARKS));
      }
    }
    assertThat(crops).hasSize(10);
    double worst = 1;
    for (RgbImage crop : crops) {
      Tensor input = ImageTensors.nchw(List.of(crop), ImageTensors.ChannelOrder.RGB, ImageTensors.all(127f),
          ImageTensors.all(128f));
      float[] rewritten = run(backend, input);
      for (float[] reference : List.of(run(published, input), run(publishedBasic, input))) {
        assertThat(rewritten).hasSameSizeAs(reference);
        worst = Math.min(worst, 1 - DistanceMetric.COSINE.distance(rewritten, reference));
      }
    }
    assertThat(worst).as("lowest cosine similarity to the published graph").isGreaterThanOrEqualTo(0.99999);
  }

  @Test
  void rewritesEveryPReluOfFr_featureAndNothingInAModelWithout() throws Exception {
    byte[] feature = Files.readAllBytes(TestEngines.repository().resolve(FEATURE));
    assertThat(PReluDecomposition.apply(feature).rewritten()).isEqualTo(33);
    byte[] mobile = Files.readAllBytes(TestEngines.repository().resolve(StandardComponents.MOBILEFACENET_128.modelId()));
    PReluDecomposition.Result none = PReluDecomposition.apply(mobile);
    assertThat(none.rewritten()).isZero();
    assertThat(none.model()).isSameAs(mobile);
  }

  @Test
  void leavesAPReluThatDoesNotFollowAConvolution() {
    OnnxModelBuilder b = new OnnxModelBuilder("prelu-alone", 13);
    String x = b.input("x", OnnxModelBuilder.ElementType.FLOAT, 1, 2, 3, 3);
    String slope = b.constant("slope", new float[] {0.25f, -0.5f}, 2, 1, 1);
    b.output(b.node("PRelu", "y", List.of(x, slope)), OnnxModelBuilder.ElementType.FLOAT, 1, 2, 3, 3);
    assertThat(PReluDecomposition.apply(b.toBytes()).rewritten()).isZero();
  }

  @Test
  void bytesThatAreNoOnnxModelAreRefusedWithAReason() {
    assertThatThrownBy(() -> PReluDecomposition.apply(new byte[] {0x3a, 0x7f, 0x01}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("protobuf");
    assertThatThrownBy(() -> PReluDecomposition.apply(new byte[] {0x08, 0x07}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no graph");
  }
}
