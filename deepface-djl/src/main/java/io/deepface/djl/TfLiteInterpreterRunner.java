package io.deepface.djl;

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
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.tensorflow.lite.Interpreter;

/**
 * A TFLite graph whose input size changes from call to call (MTCNN's P-Net runs once per level of an image
 * pyramid), run on the TFLite {@link Interpreter} that DJL's TFLite engine ships and loads.
 *
 * <p>Why not a DJL {@code Predictor}: DJL 0.27's TFLite block hands the interpreter its inputs as
 * {@code ByteBuffer}s, and TFLite never resizes an input to fit a buffer, so a Predictor only runs a graph
 * at the shape stored in the file. This runner resizes the input tensor to the shape of each call.
 *
 * <p>Thread-safety: an interpreter serves one call at a time, so calls take one from a pool, created on
 * demand, as {@link DjlRunner} does with predictors.
 */
final class TfLiteInterpreterRunner extends GuardedRunner {
  private final Path file;
  private final TfLiteSignature signature;
  private final Deque<Interpreter> idle = new ConcurrentLinkedDeque<>();
  private final Queue<Interpreter> all = new ConcurrentLinkedQueue<>();

  private TfLiteInterpreterRunner(String name, Path file, TfLiteSignature signature) {
    super(name);
    this.file = file;
    this.signature = signature;
  }

  static TfLiteInterpreterRunner open(ModelInfo info, Path file) {
    TfLiteSignature sig = TfLiteSignature.read(info.id(), file);
    if (sig.inputNames().size() != 1) {
      throw new ModelLoadException(info.id(), "model " + info.id() + " has " + sig.inputNames().size()
          + " inputs; a resizable TFLite runner takes graphs with one", null);
    }
    TfLiteInterpreterRunner r = new TfLiteInterpreterRunner(info.id(), file, sig);
    Interpreter first = new Interpreter(file.toFile());
    r.all.add(first);
    r.idle.add(first);
    return r;
  }

  @Override
  protected Map<String, Tensor> runOpen(Map<String, Tensor> inputs) {
    String inputName = signature.inputNames().get(0);
    Tensor t = inputs.get(inputName);
    if (t == null || inputs.size() != 1) {
      throw new IllegalArgumentException("model " + name() + " takes one input '" + inputName + "', got " + inputs.keySet());
    }
    Interpreter in = idle.pollFirst();
    if (in == null) {
      in = new Interpreter(file.toFile());
      all.add(in);
    }
    try {
      int[] shape = Arrays.stream(t.shape()).mapToInt(Math::toIntExact).toArray();
      if (!Arrays.equals(in.getInputTensor(0).shape(), shape)) {
        in.resizeInput(0, shape);
      }
      ByteBuffer buf = ByteBuffer.allocateDirect(t.data().length * Float.BYTES).order(ByteOrder.nativeOrder());
      buf.asFloatBuffer().put(t.data());
      Map<Integer, Object> outputs = new HashMap<>();
      FloatBuffer[] views = new FloatBuffer[in.getOutputTensorCount()];
      // Shapes of the outputs are known only once the resized graph is allocated.
      in.allocateTensors();
      for (int i = 0; i < views.length; i++) {
        ByteBuffer o = ByteBuffer.allocateDirect(in.getOutputTensor(i).numBytes()).order(ByteOrder.nativeOrder());
        outputs.put(i, o);
        views[i] = o.asFloatBuffer();
      }
      in.runForMultipleInputsOutputs(new Object[] {buf}, outputs);
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (int i = 0; i < views.length; i++) {
        float[] data = new float[views[i].remaining()];
        views[i].get(data);
        long[] outShape = Arrays.stream(in.getOutputTensor(i).shape()).asLongStream().toArray();
        out.put(signature.outputNames().get(i), new Tensor(data, outShape));
      }
      return out;
    } finally {
      idle.offerFirst(in);
    }
  }

  @Override
  protected void release() {
    for (Interpreter in; (in = all.poll()) != null; ) {
      in.close();
    }
    idle.clear();
  }
}
