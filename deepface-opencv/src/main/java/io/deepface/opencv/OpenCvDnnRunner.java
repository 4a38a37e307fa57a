package io.deepface.opencv;

import io.deepface.DeepFaceException;
import io.deepface.model.ModelInfo;
import io.deepface.model.ModelLoadException;
import io.deepface.runtime.GuardedRunner;
import io.deepface.runtime.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opencv.core.CvException;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX model in OpenCV DNN ({@code Dnn.readNetFromONNX}, CPU).
 *
 * <p>Thread-safety: a {@code cv::dnn::Net} keeps per-call state (its input and its buffers), so it must
 * never run two calls at once. This runner keeps a small pool of Nets of the same model
 * ({@link InstancePool}: up to {@code deepface.opencv.instances}, by default half the processors, 1 to 4);
 * each call borrows one for itself, and callers beyond the pool size wait. With a pool of one the runner
 * simply serialises calls. {@link #close()} (from {@link GuardedRunner}) waits for calls in flight.
 *
 * <p>Loading: OpenCV's importer folds {@code Shape} nodes at import time and refuses graphs that apply them to
 * symbolic input dimensions (YuNet's and RetinaFace's exports). Such graphs are imported with those dimensions
 * fixed (batch 1, others {@value #NOMINAL_SIZE}, see {@link OnnxGraph}); OpenCV still runs them on other input
 * sizes. Any other graph is imported as it is, and again with fixed dimensions if OpenCV refuses it. The import is then checked by one forward pass on zeros, so a graph that imports but
 * cannot run (an operator OpenCV handles differently) fails at load with a {@link ModelLoadException}
 * naming the model, not at the first call. Outputs are those of the ONNX graph, by name.
 */
final class OpenCvDnnRunner extends GuardedRunner {
  private static final Logger LOG = LoggerFactory.getLogger(OpenCvDnnRunner.class);
  /** The size given to symbolic spatial dimensions when the import needs fixed ones. */
  static final long NOMINAL_SIZE = 320;

  private final InstancePool<Net> nets;
  private final List<String> outputs;
  private final Set<String> inputNames;
  private final boolean shapesFixed;

  private OpenCvDnnRunner(String name, InstancePool<Net> nets, List<String> outputs, Set<String> inputNames,
      boolean shapesFixed) {
    super(name);
    this.nets = nets;
    this.outputs = outputs;
    this.inputNames = inputNames;
    this.shapesFixed = shapesFixed;
  }

  /**
   * Loads {@code file} (the verified copy of {@code model}) into OpenCV DNN.
   *
   * @param instances how many Nets of this model may run at once
   * @throws ModelLoadException when the file is not ONNX, or OpenCV cannot import or run it
   */
  static OpenCvDnnRunner open(ModelInfo model, Path file, int instances) {
    OpenCvNatives.load();
    String id = model.id();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelLoadException(id, "cannot read model " + id + " from " + file + ": " + e, e);
    }
    OnnxGraph graph;
    try {
      graph = OnnxGraph.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(id, "model " + id + " (" + file + ") is not a readable ONNX file: " + e.getMessage(), e);
    }
    if (graph.inputs().isEmpty() || graph.outputs().isEmpty()) {
      throw new ModelLoadException(id, "ONNX model " + id + " declares no inputs or no outputs", null);
    }
    // OpenCV's importer folds Shape nodes and cannot when input dimensions are symbolic: fix them up front
    // for such graphs (rather than let the first import fail and log errors), and as a fallback for others.
    boolean fixFirst = graph.hasDynamicInputs() && graph.operators().contains("Shape");
    Map<String, long[]> fixedShapes = graph.fixedInputs(NOMINAL_SIZE);
    byte[] importable = fixFirst ? OnnxGraph.withInputShapes(bytes, fixedShapes) : bytes;
    boolean fixed = fixFirst;
    Net first;
    try {
      first = Dnn.readNetFromONNX(new MatOfByte(importable));
    } catch (CvException asIs) {
      if (fixed || !graph.hasDynamicInputs()) {
        throw refused(id, file, fixed ? "import (with the input shapes fixed to " + describe(fixedShapes) + ")"
            : "import", asIs);
      }
      importable = OnnxGraph.withInputShapes(bytes, fixedShapes);
      try {
        first = Dnn.readNetFromONNX(new MatOfByte(importable));
        fixed = true;
      } catch (CvException withShapes) {
        withShapes.addSuppressed(asIs);
        throw refused(id, file, "import (also with the input shapes fixed to " + describe(fixedShapes) + ")",
            withShapes);
      }
    }
    if (fixed) {
      LOG.debug("OpenCV DNN imports {} with its symbolic input dimensions fixed: {}", id, describe(fixedShapes));
    }
    List<String> available = first.getUnconnectedOutLayersNames();
    List<String> missing = graph.outputs().stream().filter(o -> !available.contains(o)).toList();
    if (!missing.isEmpty()) {
      throw new ModelLoadException(id, "OpenCV DNN imported model " + id + " but does not expose its outputs " + missing
          + " (it exposes " + available + ")", null);
    }
    List<String> outputs = graph.outputs();
    try {
      forward(first, zeros(fixed ? fixedShapes : graph.inputs(), fixedShapes), outputs);
    } catch (CvException e) {
      throw refused(id, file, "run", e);
    }
    byte[] source = importable;
    Net[] firstNet = {first};
    InstancePool<Net> pool = new InstancePool<>("OpenCV model " + id, instances, () -> {
      Net n = firstNet[0];
      if (n != null) {
        firstNet[0] = null;
        return n;
      }
      return Dnn.readNetFromONNX(new MatOfByte(source));
    }, net -> { });
    return new OpenCvDnnRunner(id, pool, outputs, graph.inputs().keySet(), fixed);
  }

  private static ModelLoadException refused(String id, Path file, String what, CvException e) {
    return new ModelLoadException(id, "OpenCV DNN " + OpenCvNatives.load() + " cannot " + what + " model " + id + " ("
        + file + "): " + firstLine(e.getMessage()), e);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl) + " ...";
  }

  private static String describe(Map<String, long[]> shapes) {
    StringBuilder sb = new StringBuilder();
    shapes.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(Arrays.toString(v)));
    return sb.toString();
  }

  /** Zero tensors of the declared shapes, with symbolic dimensions taken from {@code fallback}. */
  private static Map<String, Tensor> zeros(Map<String, long[]> shapes, Map<String, long[]> fallback) {
    Map<String, Tensor> in = new LinkedHashMap<>();
    shapes.forEach((name, shape) -> {
      long[] s = shape.clone();
      for (int i = 0; i < s.length; i++) {
        if (s[i] == OnnxGraph.DYNAMIC) {
          s[i] = fallback.get(name)[i];
        }
      }
      long n = 1;
      for (long d : s) {
        n *= d;
      }
      in.put(name, new Tensor(new float[Math.toIntExact(n)], s));
    });
    return in;
  }

  private static Map<String, Tensor> forward(Net net, Map<String, Tensor> inputs, List<String> outputs) {
    List<Mat> blobs = new ArrayList<>(inputs.size());
    List<Mat> results = new ArrayList<>(outputs.size());
    try {
      for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
        Mat blob = Mats.fromTensor(e.getValue());
        blobs.add(blob);
        net.setInput(blob, e.getKey());
      }
      net.forward(results, outputs);
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (int i = 0; i < outputs.size(); i++) {
        out.put(outputs.get(i), Mats.toTensor(results.get(i)));
      }
      return out;
    } finally {
      blobs.forEach(Mat::release);
      results.forEach(Mat::release);
    }
  }

  /** Whether the model only imported with its symbolic input dimensions fixed. */
  boolean inputShapesFixed() {
    return shapesFixed;
  }

  /** Nets made so far (at most the pool size). */
  int instances() {
    return nets.created();
  }

  @Override
  protected Map<String, Tensor> runOpen(Map<String, Tensor> inputs) {
    Set<String> unknown = new HashSet<>(inputs.keySet());
    unknown.removeAll(inputNames);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("model " + name() + " has no input " + unknown + "; its inputs are " + inputNames);
    }
    return nets.with(net -> {
      try {
        return forward(net, inputs, outputs);
      } catch (CvException e) {
        throw new DeepFaceException("model " + name() + " failed to run in OpenCV DNN: " + firstLine(e.getMessage()), e);
      }
    });
  }

  @Override
  protected void release() {
    nets.close();
  }
}
