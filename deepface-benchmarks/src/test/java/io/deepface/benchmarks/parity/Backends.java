package io.deepface.benchmarks.parity;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.deepface.FaceEngine;
import io.deepface.benchmarks.speed.BareOrt;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelRepository;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.BackendRegistry;
import io.deepface.spi.ComponentKind;
import io.deepface.testing.TestData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One engine per backend, each forced with a preference list over the same classpath registry (onnx and
 * opencv both on this module's classpath), sharing the test model folder. Engines live for the test JVM.
 */
final class Backends {
  private static final Map<String, FaceEngine> ENGINES = new HashMap<>();

  private Backends() {}

  static synchronized FaceEngine engine(String backend) {
    return ENGINES.computeIfAbsent(backend, b -> FaceEngine.builder()
        .registry(BackendRegistry.load().withPreference(List.of(b))).models(repository()).build());
  }

  /**
   * The backends compared with ONNX Runtime (the reference): every backend on this module's classpath except
   * onnx and builtin. Adding a backend module (deepface-djl) as a dependency adds it to every parity test.
   */
  static List<String> others() {
    return BackendRegistry.load().backends().stream().map(b -> b.name())
        .filter(n -> !n.equals("onnx") && !n.equals("builtin")).toList();
  }

  /** (backend, component) for every other backend that offers the component of that kind. */
  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cases(ComponentKind kind, String... names) {
    BackendRegistry registry = BackendRegistry.load();
    return others().stream().flatMap(backend -> java.util.Arrays.stream(names)
        .filter(n -> registry.components().stream().anyMatch(c -> c.backend().equals(backend) && c.kind() == kind
            && c.name().equals(n)))
        .map(n -> org.junit.jupiter.params.provider.Arguments.of(backend, n)));
  }

  static ModelRepository repository() {
    return ModelRepository.builder().modelPath(List.of(TestData.modelsDir()))
        .cacheDir(Path.of("target/deepface-home/models")).offline(true).build();
  }

  static RgbImage image(Path file) {
    return engine("onnx").decode(ImageInput.of(file));
  }

  static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }

  /**
   * A bare ONNX Runtime session as a {@link TensorRunner}, to run a model file that no ONNX-backend component
   * loads (YuNet's 640x640 export, which the OpenCV backend's {@code yunet} uses).
   */
  static TensorRunner ortRunner(String modelId) {
    try {
      OrtEnvironment env = io.deepface.onnx.OnnxBackend.environment();
      OrtSession session = env.createSession(repository().resolve(modelId).toString(), new OrtSession.SessionOptions());
      return new TensorRunner() {
        @Override
        public synchronized Map<String, Tensor> run(Map<String, Tensor> inputs) {
          return BareOrt.runTensors(session, inputs);
        }

        @Override
        public void close() {
          try {
            session.close();
          } catch (OrtException e) {
            throw new IllegalStateException(e);
          }
        }
      };
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
