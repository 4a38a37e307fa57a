package io.deepface.djl;

import io.deepface.DeepFaceException;
import io.deepface.model.ModelInfo;
import io.deepface.model.ModelLoadException;
import io.deepface.runtime.GuardedRunner;
import io.deepface.runtime.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.tensorflow.lite.Interpreter;

/**
 * A TFLite graph run on the TFLite {@link Interpreter} that DJL's TFLite engine ships and loads, with
 * XNNPACK on, resizing its inputs to the shape of each call. The djl backend's default for TFLite graphs.
 *
 * <p>Why not a DJL {@code Predictor} (see {@link DjlRunner#tflite}): DJL 0.27's TFLite model creates its
 * interpreter with default options, so XNNPACK stays off (MobileFaceNet-192 measured on a shared two-core
 * machine: 240 to 260 ms per face through a Predictor, 26 to 50 ms here); and it hands the interpreter its inputs as
 * {@code ByteBuffer}s, which TFLite never resizes to fit, so a Predictor runs a graph only at the shape
 * stored in the file, while MTCNN's P-Net needs a new size for every level of its image pyramid and its
 * R-Net and O-Net take all candidate windows at once.
 *
 * <p>Thread-safety: an interpreter serves one call at a time, so calls take one from a pool, created on
 * demand, as {@link DjlRunner} does with predictors. {@link #close()} waits for calls in flight.
 */
final class TfLiteRunner extends GuardedRunner {
  /** An interpreter and the input shapes it is allocated for. */
  private static final class Slot {
    final Interpreter interpreter;
    final int[][] shapes;

    Slot(Interpreter interpreter) {
      this.interpreter = interpreter;
      this.shapes = new int[interpreter.getInputTensorCount()][];
      for (int i = 0; i < shapes.length; i++) {
        shapes[i] = interpreter.getInputTensor(i).shape();
      }
    }
  }

  private final Path file;
  private final int threads;
  private final TfLiteSignature signature;
  private final Deque<Slot> idle = new ConcurrentLinkedDeque<>();
  private final Queue<Slot> all = new ConcurrentLinkedQueue<>();

  private TfLiteRunner(String name, Path file, int threads, TfLiteSignature signature) {
    super(name);
    this.file = file;
    this.threads = threads;
    this.signature = signature;
  }

  /**
   * @param threads threads one call may use; 0 means one (parallelism comes from concurrent calls, each with
   *     its own interpreter)
   */
  static TfLiteRunner open(ModelInfo info, Path file, int threads) {
    TfLiteSignature sig = TfLiteSignature.read(info.id(), file);
    TfLiteRunner r = new TfLiteRunner(info.id(), file, threads > 0 ? threads : 1, sig);
    try {
      Slot first = r.newSlot();
      r.all.add(first);
      r.idle.add(first);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ModelLoadException(info.id(), "TFLite cannot load model " + info.id() + " from " + file + ": "
          + e.getMessage(), e);
    }
    return r;
  }

  private Slot newSlot() {
    return new Slot(new Interpreter(file.toFile(), new Interpreter.Options().setUseXNNPACK(true).setNumThreads(threads)));
  }

  /** Interpreters created so far (the most calls that ran at once). */
  int poolSize() {
    return all.size();
  }

  @Override
  protected Map<String, Tensor> runOpen(Map<String, Tensor> inputs) {
    List<String> names = signature.inputNames();
    if (inputs.size() != names.size() || !inputs.keySet().containsAll(names)) {
      throw new IllegalArgumentException("model " + name() + " takes inputs " + names + ", got " + inputs.keySet());
    }
    Slot slot = idle.pollFirst();
    if (slot == null) {
      slot = newSlot();
      all.add(slot);
    }
    boolean healthy = false;
    try {
      Interpreter in = slot.interpreter;
      Object[] feeds = new Object[names.size()];
      boolean resized = false;
      for (int i = 0; i < feeds.length; i++) {
        Tensor t = inputs.get(names.get(i));
        int[] shape = Arrays.stream(t.shape()).mapToInt(Math::toIntExact).toArray();
        if (!Arrays.equals(slot.shapes[i], shape)) {
          in.resizeInput(i, shape);
          slot.shapes[i] = shape;
          resized = true;
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(t.data().length * Float.BYTES).order(ByteOrder.nativeOrder());
        buf.asFloatBuffer().put(t.data());
        feeds[i] = buf;
      }
      if (resized) {
        // Output shapes are known once the resized graph is allocated.
        in.allocateTensors();
      }
      Map<Integer, Object> outputs = new HashMap<>();
      FloatBuffer[] views = new FloatBuffer[in.getOutputTensorCount()];
      for (int i = 0; i < views.length; i++) {
        ByteBuffer o = ByteBuffer.allocateDirect(in.getOutputTensor(i).numBytes()).order(ByteOrder.nativeOrder());
        outputs.put(i, o);
        views[i] = o.asFloatBuffer();
      }
      in.runForMultipleInputsOutputs(feeds, outputs);
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (int i = 0; i < views.length; i++) {
        float[] data = new float[views[i].remaining()];
        views[i].get(data);
        long[] shape = Arrays.stream(in.getOutputTensor(i).shape()).asLongStream().toArray();
        out.put(signature.outputNames().get(i), new Tensor(data, shape));
      }
      healthy = true;
      return out;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model " + name() + " refused its input: " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new DeepFaceException("model " + name() + " failed to run in TFLite: " + e.getMessage(), e);
    } finally {
      if (healthy) {
        idle.offerFirst(slot);
      } else {
        // A failed resize or run may leave the interpreter half allocated: drop it.
        all.remove(slot);
        slot.interpreter.close();
      }
    }
  }

  @Override
  protected void release() {
    for (Slot s; (s = all.poll()) != null; ) {
      s.interpreter.close();
    }
    idle.clear();
  }
}
