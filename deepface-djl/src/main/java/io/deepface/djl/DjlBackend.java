package io.deepface.djl;

import io.deepface.components.RunnerBackend;
import io.deepface.components.StandardComponents;
import io.deepface.model.ModelInfo;
import io.deepface.model.ModelLoadException;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.BackendContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs models with Deep Java Library (DJL): the standard components' ONNX graphs on DJL's OnnxRuntime engine,
 * and components no other backend offers on its TFLite engine: the {@code mediapipe} and
 * {@code mediapipe-short} detectors (MediaPipe BlazeFace full and short range), the {@code mtcnn} detector
 * and the {@code mobilefacenet-192} embedder. Rank 30: where the onnx backend (rank 10) offers the same
 * component, it wins unless {@code DEEPFACE_BACKEND=djl} says otherwise.
 *
 * <p>DJL never reaches the network: loading this class sets {@code ai.djl.offline=true} and
 * {@code OPT_OUT_TRACKING=true} before any DJL class loads (see {@link DjlOffline}); models come from the
 * library's model repository, native libraries from the engine jars. DJL types stay out of this class's
 * signatures so that creating it loads no DJL class.
 *
 * <p>Every component is thread-safe; see {@link DjlRunner} for how predictors are pooled.
 */
public final class DjlBackend extends RunnerBackend {
  public static final String NAME = "djl";
  static final String ONNX_ENGINE = "OnnxRuntime";
  static final String TFLITE_ENGINE = "TFLite";

  /** TFLite graphs run at a different input size on each call, which a DJL Predictor cannot do. */
  static final Set<String> RESIZABLE_TFLITE = Set.of(MtcnnDetector.PNET);

  static {
    DjlOffline.ensure();
  }

  private static final List<StandardComponents.Definition> DEFINITIONS = Stream
      .concat(StandardComponents.all().stream(), DjlComponents.all().stream()).toList();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int rank() {
    return 30;
  }

  /** Starts DJL's OnnxRuntime and TFLite engines, which load their native libraries. */
  @Override
  public void checkAvailable() {
    DjlEngines.start();
  }

  @Override
  protected List<StandardComponents.Definition> definitions() {
    return DEFINITIONS;
  }

  @Override
  protected TensorRunner open(ModelInfo model, Path file, BackendContext context) {
    String name = model.fileName().toLowerCase(Locale.ROOT);
    if (name.endsWith(".onnx")) {
      DjlEngines.start();
      return DjlRunner.onnx(model, file, context.intraOpThreads());
    }
    if (name.endsWith(".tflite")) {
      DjlEngines.start();
      return RESIZABLE_TFLITE.contains(model.id()) ? TfLiteInterpreterRunner.open(model, file)
          : DjlRunner.tflite(model, file);
    }
    throw new ModelLoadException(model.id(), "the djl backend runs ONNX and TFLite models; " + model.id()
        + " is neither", null);
  }
}
