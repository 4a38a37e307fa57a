package io.deepface.djl;

import ai.djl.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts DJL's two engines once; a failure (a native library that cannot load here) is thrown on every call. */
final class DjlEngines {
  private static final Logger LOG = LoggerFactory.getLogger(DjlEngines.class);
  private static volatile boolean started;

  private DjlEngines() {}

  static void start() {
    if (started) {
      return;
    }
    synchronized (DjlEngines.class) {
      if (!started) {
        DjlOffline.ensure();
        Engine onnx = Engine.getEngine(DjlBackend.ONNX_ENGINE);
        Engine tflite = Engine.getEngine(DjlBackend.TFLITE_ENGINE);
        LOG.debug("DJL engines: {} {}, {} {}", onnx.getEngineName(), onnx.getVersion(), tflite.getEngineName(),
            tflite.getVersion());
        started = true;
      }
    }
  }
}
