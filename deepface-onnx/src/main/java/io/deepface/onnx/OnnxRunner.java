package io.deepface.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.deepface.DeepFaceException;
import io.deepface.runtime.GuardedRunner;
import io.deepface.runtime.Tensor;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** One ONNX Runtime session. Thread-safe; closing waits for calls in flight. */
final class OnnxRunner extends GuardedRunner {
  private final OrtEnvironment environment;
  private final OrtSession session;

  OnnxRunner(String name, OrtEnvironment environment, OrtSession session) {
    super(name);
    this.environment = environment;
    this.session = session;
  }

  @Override
  protected Map<String, Tensor> runOpen(Map<String, Tensor> inputs) {
    Map<String, OnnxTensor> feeds = new HashMap<>();
    try {
      for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
        Tensor t = e.getValue();
        feeds.put(e.getKey(), OnnxTensor.createTensor(environment, FloatBuffer.wrap(t.data()), t.shape()));
      }
      try (OrtSession.Result result = session.run(feeds)) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> e : result) {
          OnnxTensor tensor = (OnnxTensor) e.getValue();
          long[] shape = tensor.getInfo().getShape();
          FloatBuffer buf = tensor.getFloatBuffer();
          float[] data = new float[buf.remaining()];
          buf.get(data);
          out.put(e.getKey(), new Tensor(data, shape));
        }
        return out;
      }
    } catch (OrtException e) {
      throw new DeepFaceException("model " + name() + " failed to run: " + e.getMessage(), e);
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  protected void release() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new DeepFaceException("closing model " + name() + " failed: " + e.getMessage(), e);
    }
  }
}
