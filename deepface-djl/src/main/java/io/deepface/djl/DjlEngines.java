package io.deepface.djl;

import ai.djl.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's two engines once; a failure (a native library that cannot load here) is remembered and
 * thrown by every later call.
 *
 * <p>Order matters for ONNX Runtime: a process has one ONNX Runtime environment, and DJL's OnnxRuntime engine
 * creates it with thread-pool options, which ONNX Runtime refuses once any environment exists ("Tried to
 * specify the thread pool when creating an OrtEnvironment, but one already exists"). The onnx backend
 * reuses whatever environment exists and creates none before it loads its first model, so the registry's
 * {@link DjlBackend#checkAvailable()} call, which comes before any model loads, starts DJL's engine first.
 * DJL's offline settings ({@link DjlOffline}) are applied before any DJL class loads.
 */
final class DjlEngines {
  private static final Logger LOG = LoggerFactory.getLogger(DjlEngines.class);
  /** DJL's name of its ONNX Runtime engine. */
  static final String ONNX_ENGINE = "OnnxRuntime";
  /** DJL's name of its TFLite engine. */
  static final String TFLITE_ENGINE = "TFLite";
  private static RuntimeException onnxFailure;
  private static boolean onnxStarted;
  private static volatile boolean started;

  private DjlEngines() {}

  /** Starts DJL's OnnxRuntime engine (which creates the process's ONNX Runtime environment); never throws. */
  static synchronized void startOnnxRuntime() {
    if (onnxStarted || onnxFailure != null) {
      return;
    }
    DjlOffline.ensure();
    try {
      Engine.getEngine(ONNX_ENGINE);
      onnxStarted = true;
    } catch (RuntimeException | LinkageError e) {
      Throwable cause = e instanceof ExceptionInInitializerError ei && ei.getCause() != null ? ei.getCause() : e;
      String why = cause.getMessage() != null && cause.getMessage().contains("already exists")
          ? "ONNX Runtime's environment was created before DJL's engine could create it (" + cause.getMessage()
              + "); let DeepFace's backend registry load before other code uses ONNX Runtime"
          : cause.toString();
      onnxFailure = new IllegalStateException("DJL's OnnxRuntime engine cannot start: " + why, cause);
      LOG.debug("DJL's OnnxRuntime engine failed to start", e);
    }
  }

  /** Starts both engines, or throws why they cannot run here. */
  static void start() {
    if (started) {
      return;
    }
    synchronized (DjlEngines.class) {
      if (started) {
        return;
      }
      startOnnxRuntime();
      if (onnxFailure != null) {
        throw onnxFailure;
      }
      Engine onnx = Engine.getEngine(ONNX_ENGINE);
      Engine tflite = Engine.getEngine(TFLITE_ENGINE);
      LOG.debug("DJL engines: {} {}, {} {}", onnx.getEngineName(), onnx.getVersion(), tflite.getEngineName(),
          tflite.getVersion());
      started = true;
    }
  }
}
