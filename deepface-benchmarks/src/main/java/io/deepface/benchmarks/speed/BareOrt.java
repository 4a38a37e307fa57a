package io.deepface.benchmarks.speed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.deepface.model.ModelInfo;
import io.deepface.onnx.OnnxBackend;
import io.deepface.runtime.Tensor;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bare ONNX Runtime sessions, opened as the onnx backend opens them ({@link OnnxBackend#openSession}: the same graph
 * rewrite and options, the runtime's default intra-op threads): the limit the pipeline is compared against.
 */
public final class BareOrt {
  private BareOrt() {}

  /** The process's environment, the onnx backend's own. */
  static OrtEnvironment environment() {
    return OnnxBackend.environment();
  }

  static OrtSession open(ModelInfo model, Path file) {
    try {
      return OnnxBackend.openSession(model, file, 0);
    } catch (OrtException | IOException e) {
      throw new IllegalStateException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  /** Input tensors made once, to be fed to {@link #run} again and again. */
  static Map<String, OnnxTensor> prepare(Map<String, Tensor> inputs) {
    Map<String, OnnxTensor> feeds = new HashMap<>();
    try {
      for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
        feeds.put(e.getKey(), OnnxTensor.createTensor(environment(), FloatBuffer.wrap(e.getValue().data().clone()),
            e.getValue().shape()));
      }
      return feeds;
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One {@code session.run} on prepared tensors; returns the number of outputs. */
  static int run(OrtSession session, Map<String, OnnxTensor> feeds) {
    try (OrtSession.Result r = session.run(feeds)) {
      return r.size();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code session.run} from and to {@link Tensor}s, as a backend runner does it. */
  public static Map<String, Tensor> runTensors(OrtSession session, Map<String, Tensor> inputs) {
    Map<String, OnnxTensor> feeds = prepare(inputs);
    try (OrtSession.Result r = session.run(feeds)) {
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (Map.Entry<String, OnnxValue> e : r) {
        OnnxTensor t = (OnnxTensor) e.getValue();
        FloatBuffer fb = t.getFloatBuffer();
        float[] data = new float[fb.remaining()];
        fb.get(data);
        out.put(e.getKey(), new Tensor(data, t.getInfo().getShape()));
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    } finally {
      close(feeds);
    }
  }

  static void close(Map<String, OnnxTensor> feeds) {
    feeds.values().forEach(OnnxTensor::close);
  }
}
