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
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model on ONNX Runtime. Thread-safe; closing waits for calls in flight.
 *
 * <p>Adaptive threads (unless the engine fixed a thread count): a call that starts while no other ONNX Runtime call
 * of this process is running uses the session with ONNX Runtime's default threads (all physical cores), the lowest
 * latency for a single caller; a call that starts while another is running uses a second session of the same model
 * with one thread, so that concurrent callers share the cores instead of each waking a pool of threads for every core
 * (two callers on two cores then ran four threads, and contended). That session is opened in the background when
 * calls first overlap; until it is open they use the default one.
 *
 * <p>Inputs go to ONNX Runtime through direct buffers that this runner keeps and reuses (ONNX Runtime reads a direct
 * buffer in place; a heap array it would copy into a new direct buffer on every call), one set per call in flight,
 * at most {@link #POOLED} sets kept. Outputs are copied once, into the arrays the {@link Tensor}s hold.
 */
final class OnnxRunner extends GuardedRunner {
  /** Buffer sets kept for reuse: enough for every core's caller; more concurrent calls allocate and drop theirs. */
  static final int POOLED = Math.max(2, Runtime.getRuntime().availableProcessors());

  /** ONNX Runtime calls running in this process, over every runner. */
  private static final AtomicInteger RUNNING = new AtomicInteger();
  private static final Logger LOG = LoggerFactory.getLogger(OnnxRunner.class);

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final Callable<OrtSession> openSingleThreaded;
  private final AtomicBoolean opening = new AtomicBoolean();
  private volatile OrtSession singleThreaded;
  private boolean released;
  private final ConcurrentLinkedQueue<InputBuffers> pool = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pooled = new AtomicInteger();

  /**
   * A runner on {@code session}; with {@code openSingleThreaded} non-null, concurrent calls use the one-thread session
   * it opens (once, on first need).
   */
  OnnxRunner(String name, OrtEnvironment environment, OrtSession session, Callable<OrtSession> openSingleThreaded) {
    super(name);
    this.environment = environment;
    this.session = session;
    this.openSingleThreaded = openSingleThreaded;
  }

  /**
   * The session for a call that starts while {@code running} ONNX Runtime calls (this one included) run. The first
   * concurrent call starts opening the one-thread session on a background thread and runs on the default one, so
   * no call waits for a session to open.
   */
  private OrtSession sessionFor(int running) {
    if (running <= 1 || openSingleThreaded == null) {
      return session;
    }
    OrtSession single = singleThreaded;
    if (single == null && opening.compareAndSet(false, true)) {
      Thread opener = new Thread(this::openSingleThreaded, "deepface-onnx-open-" + name());
      opener.setDaemon(true);
      opener.start();
    }
    return single != null ? single : session;
  }

  private void openSingleThreaded() {
    try {
      OrtSession opened = openSingleThreaded.call();
      synchronized (this) {
        if (released) {
          opened.close();
        } else {
          singleThreaded = opened;
        }
      }
    } catch (Exception e) {
      LOG.warn("Model {}: cannot open a one-thread session for concurrent calls ({}); they share the default one",
          name(), e.getMessage());
    }
  }

  /** Whether the one-thread session for concurrent calls is open (for tests). */
  boolean singleThreadedOpen() {
    return singleThreaded != null;
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
    int running = RUNNING.incrementAndGet();
    try {
      OrtSession chosen = sessionFor(running);
      for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
        Tensor t = e.getValue();
        feeds.put(e.getKey(), OnnxTensor.createTensor(environment, buffers.fill(e.getKey(), t.data()), t.shape()));
      }
      try (OrtSession.Result result = chosen.run(feeds)) {
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
      RUNNING.decrementAndGet();
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
      synchronized (this) {
        released = true;
        if (singleThreaded != null) {
          singleThreaded.close();
        }
      }
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
