package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepface.model.convert.faceapi.FaceApiNets;
import io.deepface.model.convert.tfjs.TfjsWeights;
import io.deepface.runtime.Tensor;
import io.deepface.testing.ConversionFixture;
import io.deepface.testing.TestData;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ONNX graphs {@link FaceApiNets} builds from face-api's weights give, in ONNX Runtime, what TF.js running
 * face-api's own code gave on the same faces (fixtures {@code faceapi-age_gender}, {@code faceapi-expression}).
 */
class FaceApiConversionTest {
  private static final Path DIR = TestData.modelsDir().resolve("vladmandic-face-api-1.7.15");
  private static final double TOLERANCE = 1e-4;

  @ParameterizedTest
  @CsvSource({"age_gender, age_gender_model", "expression, face_expression_model"})
  void matchesTfjsOnEveryFixtureCase(String net, String weightsFile) throws IOException, OrtException {
    ConversionFixture fixture = ConversionFixture.load("faceapi-" + net);
    assertThat(fixture.cases()).isNotEmpty();
    byte[] model = FaceApiNets.build(net, weights(weightsFile));
    OrtEnvironment env = OnnxBackend.environment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model, options)) {
      for (ConversionFixture.Case c : fixture.cases()) {
        Tensor input = fixture.input(c);
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.data()), input.shape());
            OrtSession.Result result = session.run(Map.of(fixture.inputName(), in))) {
          for (Map.Entry<String, ConversionFixture.Output> e : c.outputs().entrySet()) {
            float[] expected = e.getValue().values();
            float[] actual = floats((OnnxTensor) result.get(e.getKey()).orElseThrow());
            assertThat(actual).as("%s %s of %s", net, e.getKey(), c.image()).hasSameSizeAs(expected);
            double max = maxDifference(actual, expected);
            assertThat(max).as("%s %s of %s: max abs difference %s", net, e.getKey(), c.image(), max)
                .isLessThanOrEqualTo(TOLERANCE);
          }
        }
      }
    }
  }

  private static TfjsWeights weights(String name) throws IOException {
    return TfjsWeights.read(new ObjectMapper().readTree(DIR.resolve(name + "-weights_manifest.json").toFile()),
        DIR::resolve);
  }

  private static float[] floats(OnnxTensor t) {
    FloatBuffer b = t.getFloatBuffer();
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }

  private static double maxDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }
}
