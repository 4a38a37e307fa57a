package io.deepface.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.deepface.DeepFaceException;
import io.deepface.runtime.GuardedRunner;
import io.deepface.runtime.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model on ONNX Runtime. Thread-safe; closing waits for calls in flight.
 *
 * <p>Inputs go to ONNX Runtime through direct buffers that this runner keeps and reuses (ONNX Runtime reads a direct
 * buffer in place; a heap array it would copy into a new direct buffer on every call), one set per call in flight,
 * at most {@link #POOLED} sets kept. Outputs are copied once, into the arrays the {@link Tensor}s hold.
 */
final class OnnxRunner extends GuardedRunner {
  /** Buffer sets kept for reuse: enough for every core's caller; more concurrent calls allocate and drop theirs. */
  static final int POOLED = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final ConcurrentLinkedQueue<InputBuffers> pool = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pooled = new AtomicInteger();

  OnnxRunner(String name, OrtEnvironment environment, OrtSession session) {
    super(name);
    this.environment = environment;
    this.session = session;
  }

  @Override
  protected Map<String, Tensor> runOpen(Map<String, Tensor> inputs) {
    InputBuffers buffers = pool.poll();
    if (buffers == null) {
      buffers = new InputBuffers();
    } else {
      pooled.decrementAndGet();
    }
    Map<String, OnnxTensor> feeds = new HashMap<>();
    try {
      for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
        Tensor t = e.getValue();
        feeds.put(e.getKey(), OnnxTensor.createTensor(environment, buffers.fill(e.getKey(), t.data()), t.shape()));
      }
      try (OrtSession.Result result = session.run(feeds)) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> e : result) {
          OnnxTensor tensor = (OnnxTensor) e.getValue();
          out.put(e.getKey(), new Tensor(floats(tensor), tensor.getInfo().getShape()));
        }
        return out;
      }
    } catch (OrtException e) {
      throw new DeepFaceException("model " + name() + " failed to run: " + e.getMessage(), e);
    } finally {
      feeds.values().forEach(OnnxTensor::close);
      if (pooled.incrementAndGet() <= POOLED) {
        pool.offer(buffers);
      } else {
        pooled.decrementAndGet();
      }
    }
  }

  /** The tensor's values in a new array: ONNX Runtime's copy, kept without copying it again. */
  private static float[] floats(OnnxTensor tensor) {
    FloatBuffer buf = tensor.getFloatBuffer();
    if (buf.hasArray() && buf.arrayOffset() == 0 && buf.position() == 0 && buf.remaining() == buf.array().length) {
      return buf.array();
    }
    float[] data = new float[buf.remaining()];
    buf.get(data);
    return data;
  }

  @Override
  protected void release() {
    pool.clear();
    try {
      session.close();
    } catch (OrtException e) {
      throw new DeepFaceException("closing model " + name() + " failed: " + e.getMessage(), e);
    }
  }

  /** Direct buffers for one call's inputs, by input name, grown as needed. Used by one call at a time. */
  private static final class InputBuffers {
    private final Map<String, FloatBuffer> byName = new HashMap<>();

    FloatBuffer fill(String name, float[] data) {
      FloatBuffer b = byName.get(name);
      if (b == null || b.capacity() < data.length) {
        b = ByteBuffer.allocateDirect(4 * data.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        byName.put(name, b);
      }
      b.clear();
      b.put(data);
      b.flip();
      return b;
    }
  }
}
