package io.deepface.djl;

import io.deepface.components.RunnerBackend;
import io.deepface.components.StandardComponents;
import io.deepface.model.ModelInfo;
import io.deepface.model.ModelLoadException;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.BackendContext;
import io.deepface.spi.BackendSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs models with Deep Java Library (DJL): the standard components' ONNX graphs on DJL's OnnxRuntime engine,
 * and components no other backend offers on its TFLite engine: the {@code mediapipe} and
 * {@code mediapipe-short} detectors (MediaPipe BlazeFace full and short range), the {@code mtcnn} detector,
 * the {@code mobilefacenet-192} embedder and {@code fusion-3} (faceplugin-512, mobilefacenet-128 and
 * mobilefacenet-192 fused). Rank 30: where the onnx backend (rank 10) offers the same
 * component, it wins unless {@code DEEPFACE_BACKEND=djl} says otherwise.
 *
 * <p>Creating this class does nothing heavy, as the {@code DeepFaceBackend} contract asks: its constructor and class
 * initialisation touch no DJL class. {@link #checkAvailable()}, which the backend registry calls once, first sets
 * {@code ai.djl.offline=true} and {@code OPT_OUT_TRACKING=true} (so DJL never reaches the network; models come
 * from the library's model repository, native libraries from the engine jars), then starts DJL's OnnxRuntime and
 * TFLite engines, which load their native libraries; a failure there makes the registry skip this backend with
 * one warning. The first model load does the same if a caller skipped the registry.
 *
 * <p>DJL's OnnxRuntime engine creates the process's ONNX Runtime environment with thread-pool options, which ONNX
 * Runtime refuses once an environment exists. The onnx backend therefore creates no environment until it loads
 * its first model, so whatever order the registry checks backends in, DJL's engine comes first (see
 * {@link DjlEngines}).
 *
 * <p>ONNX graphs run through DJL {@code Predictor}s, one DJL model shared by a pool of predictors. TFLite
 * graphs run on the TFLite interpreter that DJL's engine ships, with XNNPACK, because DJL 0.27's TFLite model
 * neither enables XNNPACK (measured here: mobilefacenet-192 and mediapipe 3 to 10 times slower without
 * it) nor resizes inputs (MTCNN needs both); set
 * {@code -Ddeepface.djl.tflite=predictor} ({@code DEEPFACE_DJL_TFLITE}) to run the fixed-shape ones
 * (mediapipe, mobilefacenet-192) through DJL Predictors too.
 *
 * <p>Every component is thread-safe: runners pool one predictor or interpreter per concurrent call.
 */
public final class DjlBackend extends RunnerBackend {
  public static final String NAME = "djl";

  /** TFLite graphs run at a different input size on each call, which a DJL Predictor cannot do. */
  static final Set<String> RESIZABLE_TFLITE = Set.of(MtcnnDetector.PNET, MtcnnDetector.RNET, MtcnnDetector.ONET);

  /**
   * How fixed-shape TFLite graphs run: {@code interpreter} (default: the engine's interpreter with XNNPACK,
   * see {@link TfLiteRunner}) or {@code predictor} (a DJL Predictor on DJL's TFLite model, without XNNPACK).
   */
  static final String TFLITE_MODE_PROPERTY = "deepface.djl.tflite";
  static final String TFLITE_MODE_ENV = "DEEPFACE_DJL_TFLITE";

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

  /** Turns DJL offline, then starts its OnnxRuntime and TFLite engines, which load their native libraries. */
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
      return usePredictor(model) ? DjlRunner.tflite(model, file) : TfLiteRunner.open(model, file, context.intraOpThreads());
    }
    throw new ModelLoadException(model.id(), "the djl backend runs ONNX and TFLite models; " + model.id()
        + " is neither", null);
  }

  static boolean usePredictor(ModelInfo model) {
    String mode = BackendSettings.get(TFLITE_MODE_PROPERTY, TFLITE_MODE_ENV).orElse("interpreter").toLowerCase(Locale.ROOT);
    return switch (mode) {
      case "interpreter" -> false;
      case "predictor" -> !RESIZABLE_TFLITE.contains(model.id());
      default -> throw new IllegalArgumentException(TFLITE_MODE_PROPERTY + " / " + TFLITE_MODE_ENV
          + " must be interpreter or predictor, got '" + mode + "'");
    };
  }
}
