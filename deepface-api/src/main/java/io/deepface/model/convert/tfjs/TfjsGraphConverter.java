package io.deepface.model.convert.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepface.model.convert.onnx.OnnxModelBuilder;
import io.deepface.model.convert.onnx.OnnxModelBuilder.Attribute;
import io.deepface.model.convert.onnx.OnnxModelBuilder.ElementType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a TF.js graph model (a TensorFlow GraphDef in JSON plus its weights) into an ONNX model.
 *
 * <p>The ONNX graph keeps TensorFlow's NHWC layout at its boundary: the input is the Placeholder's
 * {@code [N, H, W, C]} tensor under the Placeholder's name, and each output carries the TF node's name
 * (without {@code :0}) and TF's shape. Inside, 4-D tensors are kept in ONNX's NCHW layout from the first
 * convolution on, and converted back only where an operation depends on the axis order (reshape, slices,
 * matrix products). Batch normalisation is folded into the convolution before it.
 *
 * <p>An operation without a mapping fails with {@link UnsupportedOperationException} naming the op and
 * the node. Not thread-safe; one converter converts one graph.
 */
public final class TfjsGraphConverter {
  /** The ONNX opset the converted graphs use. */
  public static final int OPSET = 13;

  private static final long[] TO_NCHW = {0, 3, 1, 2};
  private static final long[] TO_NHWC = {0, 2, 3, 1};
  /** NHWC axis -> NCHW axis. */
  private static final int[] AXIS_TO_NCHW = {0, 2, 3, 1};

  /** A tensor of the TF graph as the ONNX graph holds it. */
  private static final class Value {
    /** ONNX value name; null for a constant not written yet. */
    String onnx;
    /** TF's (NHWC) shape; -1 where unknown; null when even the rank is unknown. */
    final long[] shape;
    /** Stored as NCHW (only rank-4 values). */
    final boolean nchw;
    /** The value, for constants. */
    final TfjsWeights.Tensor constant;
    String tfCopy;
    String nchwCopy;
    /** A bound no element is below (0 after a Relu), so that a {@code Maximum} with it can be left out. */
    float lowerBound = Float.NEGATIVE_INFINITY;

    Value(String onnx, long[] shape, boolean nchw, TfjsWeights.Tensor constant) {
      this.onnx = onnx;
      this.shape = shape;
      this.nchw = nchw;
      this.constant = constant;
    }

    int rank() {
      return shape == null ? -1 : shape.length;
    }
  }

  private final TfjsGraph graph;
  private final TfjsWeights weights;
  private final OnnxModelBuilder onnx;
  private final Map<String, Value> values = new HashMap<>();
  private TfjsGraph.Node current;

  private TfjsGraphConverter(String name, TfjsGraph graph, TfjsWeights weights) {
    this.graph = graph;
    this.weights = weights;
    this.onnx = new OnnxModelBuilder(name, OPSET);
  }

  /**
   * Converts a parsed {@code model.json} and its weights into a serialised ONNX model.
   *
   * @param name the ONNX graph's name
   * @param modelJson the parsed {@code model.json}
   * @param weights the decoded {@code weightsManifest}
   * @throws UnsupportedOperationException for an operation, attribute or layout without a mapping
   * @throws IllegalArgumentException when the graph is malformed
   */
  public static byte[] convert(String name, JsonNode modelJson, TfjsWeights weights) {
    TfjsGraphConverter c = new TfjsGraphConverter(name, TfjsGraph.parse(modelJson), weights);
    c.onnx.metadata("source_format", "tfjs-graph-model");
    for (String k : List.of("generatedBy", "convertedBy")) {
      if (modelJson.hasNonNull(k)) {
        c.onnx.metadata(k, modelJson.get(k).asText());
      }
    }
    return c.run();
  }

  private byte[] run() {
    if (graph.inputs().size() != 1) {
      throw new UnsupportedOperationException("graphs with " + graph.inputs().size()
          + " inputs are not supported (one Placeholder expected): " + graph.inputs());
    }
    for (String out : graph.outputs().keySet()) {
      onnx.reserve(out);
    }
    for (TfjsGraph.Node n : order()) {
      current = n;
      convert(n);
    }
    current = null;
    for (Map.Entry<String, String> out : graph.outputs().entrySet()) {
      Value v = value(out.getValue());
      if (v.constant != null) {
        throw new UnsupportedOperationException("output " + out.getKey() + " is a constant");
      }
      String name = onnx.identity(tf(v), out.getKey());
      onnx.output(name, ElementType.FLOAT, dims(v.shape));
    }
    return onnx.toBytes();
  }

  /** The nodes the outputs depend on, inputs first. */
  private List<TfjsGraph.Node> order() {
    List<TfjsGraph.Node> out = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Set<String> active = new HashSet<>();
    Deque<Object[]> stack = new ArrayDeque<>();
    for (String tensor : graph.outputs().values()) {
      stack.push(new Object[] {TfjsGraph.stripIndex(tensor), 0});
      while (!stack.isEmpty()) {
        Object[] top = stack.peek();
        String name = (String) top[0];
        int next = (Integer) top[1];
        TfjsGraph.Node n = graph.node(name);
        if (n == null) {
          throw new IllegalArgumentException("node " + name + " is read but not defined");
        }
        if (done.contains(name)) {
          stack.pop();
          continue;
        }
        active.add(name);
        if (next < n.inputs().size()) {
          top[1] = next + 1;
          String in = TfjsGraph.stripIndex(n.inputs().get(next));
          if (active.contains(in) && !done.contains(in)) {
            throw new IllegalArgumentException("the graph has a cycle through " + in);
          }
          if (!done.contains(in)) {
            stack.push(new Object[] {in, 0});
          }
        } else {
          stack.pop();
          active.remove(name);
          done.add(name);
          out.add(n);
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------- ops

  private void convert(TfjsGraph.Node n) {
    switch (n.op()) {
      case "Const" -> {
        TfjsWeights.Tensor t = weights.get(n.name());
        if (t == null) {
          throw new IllegalArgumentException("constant " + n.name() + " has no entry in the weights manifest");
        }
        put(n, new Value(null, t.shape(), false, t));
      }
      case "Placeholder" -> {
        long[] shape = n.shape("shape");
        if (shape == null) {
          throw new UnsupportedOperationException("input " + n.name() + " has no known rank");
        }
        String dtype = n.attr() == null ? "DT_FLOAT" : n.attr().path("dtype").path("type").asText("DT_FLOAT");
        if (!dtype.equals("DT_FLOAT")) {
          throw new UnsupportedOperationException("input " + n.name() + " is " + dtype + "; only DT_FLOAT inputs are supported");
        }
        put(n, new Value(onnx.input(n.name(), ElementType.FLOAT, dims(shape)), shape, false, null));
      }
      case "Identity", "StopGradient", "Snapshot" -> put(n, in(n, 0));
      case "Cast" -> {
        String to = n.attr() == null ? "" : n.attr().path("DstT").path("type").asText("");
        Value x = in(n, 0);
        if (!to.equals("DT_FLOAT") || (x.constant != null && !x.constant.isFloat())) {
          throw unsupported("Cast to " + to);
        }
        put(n, x);
      }
      case "Conv2D", "_FusedConv2D" -> conv(n, false);
      case "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative" -> conv(n, true);
      case "MaxPool", "AvgPool" -> pool(n);
      case "FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3" -> batchNorm(n);
      case "BiasAdd", "Add", "AddV2" -> binary(n, "Add");
      case "Sub" -> binary(n, "Sub");
      case "Mul" -> binary(n, "Mul");
      case "RealDiv", "Div" -> binary(n, "Div");
      case "Pow" -> binary(n, "Pow");
      case "Maximum" -> minMax(n, "Max");
      case "Minimum" -> minMax(n, "Min");
      case "SquaredDifference" -> {
        Value d = binaryValue(n, "Sub", in(n, 0), in(n, 1), n.name() + "/diff");
        put(n, new Value(onnx.node("Mul", n.name(), List.of(d.onnx, d.onnx)), d.shape, d.nchw, null));
      }
      case "AddN" -> {
        Value acc = in(n, 0);
        for (int i = 1; i < n.inputs().size(); i++) {
          acc = binaryValue(n, "Add", acc, in(n, i), i == n.inputs().size() - 1 ? n.name() : n.name() + "/" + i);
        }
        put(n, acc);
      }
      case "Relu", "Sigmoid", "Tanh", "Elu", "Exp", "Log", "Sqrt", "Abs", "Neg", "Floor", "Ceil", "Reciprocal",
          "Softplus", "Selu", "Sin", "Cos" -> unary(n, n.op());
      case "Inv" -> unary(n, "Reciprocal");
      case "Relu6" -> {
        Value x = dynamic(in(n, 0));
        put(n, nonNegative(new Value(clip(x.onnx, 0f, 6f, n.name()), x.shape, x.nchw, null)));
      }
      case "LeakyRelu" -> {
        Value x = dynamic(in(n, 0));
        put(n, new Value(onnx.node("LeakyRelu", n.name(), List.of(x.onnx), Attribute.f("alpha", n.real("alpha", 0.2f))),
            x.shape, x.nchw, null));
      }
      case "Rsqrt" -> {
        Value x = dynamic(in(n, 0));
        String s = onnx.node("Sqrt", n.name() + "/sqrt", List.of(x.onnx));
        put(n, new Value(onnx.node("Reciprocal", n.name(), List.of(s)), x.shape, x.nchw, null));
      }
      case "Square" -> {
        Value x = dynamic(in(n, 0));
        put(n, new Value(onnx.node("Mul", n.name(), List.of(x.onnx, x.onnx)), x.shape, x.nchw, null));
      }
      case "Prelu" -> {
        Value x = dynamic(in(n, 0));
        put(n, new Value(prelu(x, constant(n, 1), n.name()), x.shape, x.nchw, null));
      }
      case "Softmax", "LogSoftmax" -> {
        Value x = dynamic(in(n, 0));
        boolean nchw = x.nchw;
        long axis = nchw ? 1 : -1;
        put(n, new Value(onnx.node(n.op(), n.name(), List.of(x.onnx), Attribute.i("axis", axis)), x.shape, nchw, null));
      }
      case "Mean", "Sum", "Max", "Min", "Prod" -> reduce(n);
      case "MatMul", "_FusedMatMul" -> matMul(n);
      case "Reshape" -> reshape(n);
      case "Squeeze" -> squeeze(n);
      case "ExpandDims" -> expandDims(n);
      case "Pad", "PadV2", "MirrorPad" -> pad(n);
      case "ConcatV2" -> concat(n);
      case "StridedSlice" -> stridedSlice(n);
      case "Slice" -> slice(n);
      default -> throw unsupported(n.op());
    }
  }

  private UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException("unsupported TF op " + what + " at node " + current.name()
        + " (" + current.op() + ")");
  }

  private void conv(TfjsGraph.Node n, boolean depthwise) {
    requireNhwc(n);
    Value x = in(n, 0);
    TfjsWeights.Tensor f = constant(n, 1);
    if (x.rank() != 4 || f.shape().length != 4) {
      throw unsupported(n.op() + " on a tensor of rank " + x.rank());
    }
    long kh = f.shape()[0];
    long kw = f.shape()[1];
    long inC = f.shape()[2];
    long outC = depthwise ? inC * f.shape()[3] : f.shape()[3];
    float[] w = depthwise ? depthwiseKernel(f) : convKernel(f);
    long[] strides = spatial(n.ints("strides"), "strides");
    long[] dilations = n.ints("dilations").length == 0 ? new long[] {1, 1} : spatial(n.ints("dilations"), "dilations");
    List<String> fused = n.strings("fused_ops");
    List<String> args = n.inputs().subList(2, n.inputs().size());
    float[] bias = null;
    int next = 0;
    int activationAt = 0;
    if (!fused.isEmpty() && (fused.get(0).equals("FusedBatchNorm") || fused.get(0).equals("FusedBatchNormV3"))) {
      float eps = n.real("epsilon", 0.001f);
      float[] scale = constant(args.get(0)).floats();
      float[] offset = constant(args.get(1)).floats();
      float[] mean = constant(args.get(2)).floats();
      float[] variance = constant(args.get(3)).floats();
      bias = new float[(int) outC];
      int per = (int) (w.length / outC);
      for (int o = 0; o < outC; o++) {
        float k = (float) (scale[o] / Math.sqrt(variance[o] + eps));
        for (int i = 0; i < per; i++) {
          w[o * per + i] *= k;
        }
        bias[o] = offset[o] - mean[o] * k;
      }
      next = 4;
      activationAt = 1;
    } else if (!fused.isEmpty() && fused.get(0).equals("BiasAdd")) {
      bias = constant(args.get(0)).floats();
      next = 1;
      activationAt = 1;
    }
    List<String> inputs = new ArrayList<>(List.of(nchw(x), onnx.constant(n.name() + "/kernel", w, outC, depthwise ? 1 : inC, kh, kw)));
    if (bias != null) {
      if (bias.length != outC) {
        throw new IllegalArgumentException("node " + n.name() + ": bias of " + bias.length + " values for " + outC + " channels");
      }
      inputs.add(onnx.constant(n.name() + "/bias", bias, outC));
    }
    long[] pads = pads(n, x.shape, new long[] {kh, kw}, strides, dilations);
    List<Attribute> attrs = new ArrayList<>(List.of(Attribute.ints("kernel_shape", kh, kw), Attribute.ints("strides", strides),
        Attribute.ints("dilations", dilations)));
    if (pads != null) {
      attrs.add(Attribute.ints("pads", pads));
    } else {
      attrs.add(Attribute.s("auto_pad", "SAME_UPPER"));
    }
    if (depthwise) {
      attrs.add(Attribute.i("group", inC));
    }
    boolean more = activationAt < fused.size();
    String out = onnx.node("Conv", more ? n.name() + "/conv" : n.name(), inputs, attrs.toArray(Attribute[]::new));
    long[] shape = {x.shape[0], outSize(x.shape[1], kh, strides[0], dilations[0], pads, 0, n),
        outSize(x.shape[2], kw, strides[1], dilations[1], pads, 1, n), outC};
    Value v = new Value(out, shape, true, null);
    for (int i = activationAt; i < fused.size(); i++) {
      v = fusedActivation(n, fused.get(i), v, args, next, i == fused.size() - 1);
      if (fused.get(i).equals("Prelu")) {
        next++;
      }
    }
    put(n, v);
  }

  private Value fusedActivation(TfjsGraph.Node n, String op, Value x, List<String> args, int argAt, boolean last) {
    String name = last ? n.name() : n.name() + "/" + op.toLowerCase(java.util.Locale.ROOT);
    String out = switch (op) {
      case "Relu", "Sigmoid", "Tanh", "Elu" -> onnx.node(op, name, List.of(x.onnx));
      case "Relu6" -> clip(x.onnx, 0f, 6f, name);
      case "LeakyRelu" -> onnx.node("LeakyRelu", name, List.of(x.onnx), Attribute.f("alpha", n.real("leakyrelu_alpha", 0.2f)));
      case "Prelu" -> prelu(x, constant(args.get(argAt)), name);
      default -> throw unsupported(n.op() + " with fused op " + op);
    };
    Value r = new Value(out, x.shape, x.nchw, null);
    return op.equals("Relu") || op.equals("Relu6") ? nonNegative(r) : r;
  }

  private String prelu(Value x, TfjsWeights.Tensor alpha, String name) {
    String a = x.nchw ? constantLike(alpha, true) : materialise(alpha);
    return onnx.node("PRelu", name, List.of(x.onnx, a));
  }

  private void pool(TfjsGraph.Node n) {
    requireNhwc(n);
    Value x = in(n, 0);
    if (x.rank() != 4) {
      throw unsupported(n.op() + " on a tensor of rank " + x.rank());
    }
    long[] k = spatial(n.ints("ksize"), "ksize");
    long[] s = spatial(n.ints("strides"), "strides");
    long[] one = {1, 1};
    long[] pads = pads(n, x.shape, k, s, one);
    List<Attribute> attrs = new ArrayList<>(List.of(Attribute.ints("kernel_shape", k), Attribute.ints("strides", s)));
    if (pads != null) {
      attrs.add(Attribute.ints("pads", pads));
    } else {
      attrs.add(Attribute.s("auto_pad", "SAME_UPPER"));
    }
    String op = n.op().equals("MaxPool") ? "MaxPool" : "AveragePool";
    String out = onnx.node(op, n.name(), List.of(nchw(x)), attrs.toArray(Attribute[]::new));
    long[] shape = {x.shape[0], outSize(x.shape[1], k[0], s[0], 1, pads, 0, n), outSize(x.shape[2], k[1], s[1], 1, pads, 1, n),
        x.shape[3]};
    put(n, new Value(out, shape, true, null));
  }

  private void batchNorm(TfjsGraph.Node n) {
    Value x = in(n, 0);
    if (x.rank() != 4) {
      throw unsupported(n.op() + " on a tensor of rank " + x.rank());
    }
    requireNhwc(n);
    List<String> inputs = new ArrayList<>(List.of(nchw(x)));
    for (int i = 1; i <= 4; i++) {
      inputs.add(materialise(constant(n, i)));
    }
    String out = onnx.node("BatchNormalization", n.name(), inputs, Attribute.f("epsilon", n.real("epsilon", 0.001f)));
    put(n, new Value(out, x.shape, true, null));
  }

  private void binary(TfjsGraph.Node n, String op) {
    put(n, binaryValue(n, op, in(n, 0), in(n, 1), n.name()));
  }

  private Value binaryValue(TfjsGraph.Node n, String op, Value a, Value b, String name) {
    if (a.constant != null && b.constant != null) {
      throw unsupported(op + " of two constants");
    }
    long[] shape = broadcast(a.shape, b.shape);
    boolean useNchw = shape != null && shape.length == 4 && (isNchw(a) || isNchw(b))
        && compatibleWithNchw(a) && compatibleWithNchw(b);
    String an = operand(a, useNchw);
    String bn = operand(b, useNchw);
    return new Value(onnx.node(op, name, List.of(an, bn)), shape, useNchw, null);
  }

  /** Maximum/Minimum: a clip when one side is a scalar constant (as runtimes fuse best), else Max/Min. */
  private void minMax(TfjsGraph.Node n, String op) {
    Value a = in(n, 0);
    Value b = in(n, 1);
    Value x = a.constant == null ? a : b;
    Value c = a.constant == null ? b : a;
    if (c.constant != null && c.constant.isFloat() && c.constant.size() == 1 && x.constant == null) {
      float v = c.constant.floats()[0];
      boolean sameShape = broadcastRank(x.shape, c.shape) == x.rank();
      if (op.equals("Max") && x.lowerBound >= v && sameShape) {
        // TF's clip_by_value after a Relu: Maximum(Minimum(Relu(x), 6), 0). The Maximum changes nothing; left out,
        // the Relu and the Minimum become one Clip that ONNX Runtime fuses into the convolution before it.
        put(n, x);
        return;
      }
      String out = op.equals("Max") ? clip(x.onnx, v, Float.NaN, n.name()) : clip(x.onnx, Float.NaN, v, n.name());
      Value r = new Value(out, broadcast(x.shape, c.shape), x.nchw && broadcastRank(x.shape, c.shape) == 4, null);
      r.lowerBound = op.equals("Max") ? Math.max(x.lowerBound, v) : Math.min(x.lowerBound, v);
      put(n, r);
      return;
    }
    binary(n, op);
  }

  private static int broadcastRank(long[] a, long[] b) {
    return a == null || b == null ? -1 : Math.max(a.length, b.length);
  }

  private String clip(String x, float min, float max, String name) {
    String lo = Float.isNaN(min) ? "" : onnx.constant(name + "/min", new float[] {min});
    String hi = Float.isNaN(max) ? "" : onnx.constant(name + "/max", new float[] {max});
    return onnx.node("Clip", name, List.of(x, lo, hi));
  }

  private void unary(TfjsGraph.Node n, String op) {
    Value x = dynamic(in(n, 0));
    Value r = new Value(onnx.node(op, n.name(), List.of(x.onnx)), x.shape, x.nchw, null);
    put(n, op.equals("Relu") ? nonNegative(r) : r);
  }

  private static Value nonNegative(Value v) {
    v.lowerBound = 0;
    return v;
  }

  private void reduce(TfjsGraph.Node n) {
    Value x = dynamic(in(n, 0));
    int rank = x.rank();
    if (rank < 0) {
      throw unsupported(n.op() + " on a tensor of unknown rank");
    }
    boolean keep = n.bool("keep_dims", false);
    int[] axes = normalise(intValues(constant(n, 1)), rank);
    boolean[] reduced = new boolean[rank];
    for (int a : axes) {
      reduced[a] = true;
    }
    boolean stayNchw = x.nchw;
    if (x.nchw && !keep) {
      // The kept axes must come out in TF's order when read in NCHW order.
      List<Integer> kept = new ArrayList<>();
      for (int a = 0; a < 4; a++) {
        if (!reduced[a]) {
          kept.add(a);
        }
      }
      List<Integer> inNchw = new ArrayList<>(kept);
      inNchw.sort((p, q) -> Integer.compare(AXIS_TO_NCHW[p], AXIS_TO_NCHW[q]));
      stayNchw = inNchw.equals(kept);
    }
    String input = stayNchw ? x.onnx : tf(x);
    long[] onnxAxes = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      onnxAxes[i] = stayNchw ? AXIS_TO_NCHW[axes[i]] : axes[i];
    }
    Arrays.sort(onnxAxes);
    String op = switch (n.op()) {
      case "Mean" -> "ReduceMean";
      case "Sum" -> "ReduceSum";
      case "Max" -> "ReduceMax";
      case "Min" -> "ReduceMin";
      default -> "ReduceProd";
    };
    String out;
    if (op.equals("ReduceSum")) {
      // Opset 13 takes ReduceSum's axes as an input.
      out = onnx.node(op, n.name(), List.of(input, onnx.constantInt64(n.name() + "/axes", onnxAxes, onnxAxes.length)),
          Attribute.i("keepdims", keep ? 1 : 0));
    } else {
      out = onnx.node(op, n.name(), List.of(input), Attribute.ints("axes", onnxAxes), Attribute.i("keepdims", keep ? 1 : 0));
    }
    List<Long> shape = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      if (!reduced[a]) {
        shape.add(x.shape[a]);
      } else if (keep) {
        shape.add(1L);
      }
    }
    put(n, new Value(out, shape.stream().mapToLong(Long::longValue).toArray(), stayNchw && keep, null));
  }

  private void matMul(TfjsGraph.Node n) {
    Value a = in(n, 0);
    Value b = in(n, 1);
    boolean ta = n.bool("transpose_a", false);
    boolean tb = n.bool("transpose_b", false);
    if (a.rank() != 2 || b.rank() != 2) {
      throw unsupported(n.op() + " of tensors of rank " + a.rank() + " and " + b.rank());
    }
    List<String> fused = n.strings("fused_ops");
    List<String> args = n.inputs().subList(2, n.inputs().size());
    int activationAt = 0;
    List<String> inputs = new ArrayList<>(List.of(tf(a), operand(b, false)));
    long m = ta ? a.shape[1] : a.shape[0];
    long cols = tb ? b.shape[0] : b.shape[1];
    if (!fused.isEmpty() && fused.get(0).equals("BiasAdd")) {
      inputs.add(materialise(constant(args.get(0))));
      activationAt = 1;
    }
    boolean more = activationAt < fused.size();
    String out = onnx.node("Gemm", more ? n.name() + "/gemm" : n.name(), inputs, Attribute.i("transA", ta ? 1 : 0),
        Attribute.i("transB", tb ? 1 : 0));
    Value v = new Value(out, new long[] {m, cols}, false, null);
    for (int i = activationAt; i < fused.size(); i++) {
      v = fusedActivation(n, fused.get(i), v, args, 1, i == fused.size() - 1);
    }
    put(n, v);
  }

  private void reshape(TfjsGraph.Node n) {
    Value x = dynamic(in(n, 0));
    int[] target = intValues(constant(n, 1));
    long[] shape = new long[target.length];
    long known = 1;
    int unknownAt = -1;
    for (int i = 0; i < target.length; i++) {
      shape[i] = target[i];
      if (target[i] == -1) {
        unknownAt = i;
      } else {
        known *= target[i];
      }
    }
    long total = size(x.shape);
    if (unknownAt >= 0) {
      shape[unknownAt] = total > 0 && known > 0 ? total / known : -1;
    }
    long[] spec = Arrays.stream(target).asLongStream().toArray();
    String out = onnx.node("Reshape", n.name(), List.of(tf(x), onnx.constantInt64(n.name() + "/shape", spec, spec.length)));
    put(n, new Value(out, shape, false, null));
  }

  private void squeeze(TfjsGraph.Node n) {
    Value x = dynamic(in(n, 0));
    long[] dims = n.ints("squeeze_dims");
    if (dims.length == 0) {
      dims = n.ints("axis");
    }
    int rank = x.rank();
    int[] axes;
    if (dims.length == 0) {
      if (rank < 0) {
        throw unsupported("Squeeze of every unit axis of a tensor of unknown rank");
      }
      List<Integer> ones = new ArrayList<>();
      for (int i = 0; i < rank; i++) {
        if (x.shape[i] == 1) {
          ones.add(i);
        }
      }
      axes = ones.stream().mapToInt(Integer::intValue).toArray();
    } else {
      axes = normalise(Arrays.stream(dims).mapToInt(v -> (int) v).toArray(), rank);
    }
    put(n, squeezeValue(x, axes, n.name()));
  }

  private Value squeezeValue(Value x, int[] axes, String name) {
    long[] onnxAxes = Arrays.stream(axes).asLongStream().sorted().toArray();
    String out = onnx.node("Squeeze", name, List.of(tf(x), onnx.constantInt64(name + "/axes", onnxAxes, onnxAxes.length)));
    List<Long> shape = new ArrayList<>();
    Set<Integer> drop = new HashSet<>();
    for (int a : axes) {
      drop.add(a);
    }
    for (int i = 0; i < x.rank(); i++) {
      if (!drop.contains(i)) {
        shape.add(x.shape[i]);
      }
    }
    return new Value(out, shape.stream().mapToLong(Long::longValue).toArray(), false, null);
  }

  private void expandDims(TfjsGraph.Node n) {
    Value x = dynamic(in(n, 0));
    int[] axis = intValues(constant(n, 1));
    if (axis.length != 1 || x.rank() < 0) {
      throw unsupported("ExpandDims with axis " + Arrays.toString(axis) + " on rank " + x.rank());
    }
    int a = axis[0] < 0 ? axis[0] + x.rank() + 1 : axis[0];
    String out = onnx.node("Unsqueeze", n.name(), List.of(tf(x), onnx.constantInt64(n.name() + "/axes", new long[] {a}, 1)));
    long[] shape = new long[x.rank() + 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      shape[i] = i == a ? 1 : x.shape[j++];
    }
    put(n, new Value(out, shape, false, null));
  }

  private void pad(TfjsGraph.Node n) {
    Value x = dynamic(in(n, 0));
    int[] p = intValues(constant(n, 1));
    int rank = x.rank();
    if (rank < 0 || p.length != 2 * rank) {
      throw unsupported(n.op() + " with paddings " + Arrays.toString(p) + " on rank " + rank);
    }
    boolean nchw = x.nchw;
    long[] pads = new long[2 * rank];
    long[] shape = new long[rank];
    for (int a = 0; a < rank; a++) {
      int at = nchw ? AXIS_TO_NCHW[a] : a;
      pads[at] = p[2 * a];
      pads[rank + at] = p[2 * a + 1];
      shape[a] = x.shape[a] < 0 ? -1 : x.shape[a] + p[2 * a] + p[2 * a + 1];
    }
    List<String> inputs = new ArrayList<>(List.of(x.onnx, onnx.constantInt64(n.name() + "/pads", pads, pads.length)));
    List<Attribute> attrs = new ArrayList<>();
    if (n.op().equals("PadV2")) {
      TfjsWeights.Tensor c = constant(n, 2);
      inputs.add(onnx.constant(n.name() + "/value", new float[] {c.floats()[0]}));
    } else if (n.op().equals("MirrorPad")) {
      String mode = n.string("mode", "REFLECT");
      if (!mode.equals("REFLECT")) {
        throw unsupported("MirrorPad mode " + mode);
      }
      attrs.add(Attribute.s("mode", "reflect"));
    }
    put(n, new Value(onnx.node("Pad", n.name(), inputs, attrs.toArray(Attribute[]::new)), shape, nchw, null));
  }

  private void concat(TfjsGraph.Node n) {
    int count = n.inputs().size() - 1;
    List<Value> parts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      parts.add(in(n, i));
    }
    int rank = parts.get(0).rank();
    int axis = intValues(constant(n, count))[0];
    if (axis < 0) {
      axis += rank;
    }
    boolean useNchw = rank == 4 && parts.stream().anyMatch(v -> v.constant == null && v.nchw);
    List<String> inputs = new ArrayList<>();
    long[] shape = parts.get(0).shape.clone();
    shape[axis] = 0;
    for (Value v : parts) {
      if (v.rank() != rank) {
        throw unsupported("ConcatV2 of tensors of ranks " + rank + " and " + v.rank());
      }
      inputs.add(v.constant != null ? (useNchw ? constantLike(v.constant, true) : materialise(v.constant))
          : useNchw ? nchw(v) : tf(v));
      shape[axis] = shape[axis] < 0 || v.shape[axis] < 0 ? -1 : shape[axis] + v.shape[axis];
    }
    String out = onnx.node("Concat", n.name(), inputs, Attribute.i("axis", useNchw ? AXIS_TO_NCHW[axis] : axis));
    put(n, new Value(out, shape, useNchw, null));
  }

  private void stridedSlice(TfjsGraph.Node n) {
    Value x = dynamic(in(n, 0));
    int[] begin = intValues(constant(n, 1));
    int[] end = intValues(constant(n, 2));
    int[] strides = intValues(constant(n, 3));
    if (n.integer("ellipsis_mask", 0) != 0 || n.integer("new_axis_mask", 0) != 0) {
      throw unsupported("StridedSlice with an ellipsis or new-axis mask");
    }
    long beginMask = n.integer("begin_mask", 0);
    long endMask = n.integer("end_mask", 0);
    long shrinkMask = n.integer("shrink_axis_mask", 0);
    int rank = x.rank();
    if (rank < begin.length) {
      throw unsupported("StridedSlice of " + begin.length + " axes on a tensor of rank " + rank);
    }
    List<Long> starts = new ArrayList<>();
    List<Long> ends = new ArrayList<>();
    List<Long> axes = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    List<Integer> shrink = new ArrayList<>();
    long[] shape = x.shape.clone();
    for (int a = 0; a < begin.length; a++) {
      long step = strides[a];
      if (step == 0) {
        throw new IllegalArgumentException("node " + n.name() + ": StridedSlice with a zero stride");
      }
      boolean shrinkHere = (shrinkMask >> a & 1) != 0;
      long s = (beginMask >> a & 1) != 0 && !shrinkHere ? (step > 0 ? 0 : Long.MAX_VALUE) : begin[a];
      long e = shrinkHere ? (begin[a] == -1 ? Long.MAX_VALUE : begin[a] + 1)
          : (endMask >> a & 1) != 0 ? (step > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : end[a];
      if (shrinkHere) {
        step = 1;
        shrink.add(a);
      }
      boolean whole = s == 0 && e == Long.MAX_VALUE && step == 1;
      if (!whole) {
        starts.add(s);
        ends.add(e);
        axes.add((long) a);
        steps.add(step);
      }
      shape[a] = sliceLength(x.shape[a], s, e, step);
    }
    String sliced = tf(x);
    if (!axes.isEmpty()) {
      String name = shrink.isEmpty() ? n.name() : n.name() + "/slice";
      sliced = onnx.node("Slice", name, List.of(sliced, longs(name + "/starts", starts), longs(name + "/ends", ends),
          longs(name + "/axes", axes), longs(name + "/steps", steps)));
    }
    Value v = new Value(sliced, shape, false, null);
    if (!shrink.isEmpty()) {
      v = squeezeValue(v, shrink.stream().mapToInt(Integer::intValue).toArray(), n.name());
    } else if (axes.isEmpty()) {
      v = new Value(onnx.node("Identity", n.name(), List.of(sliced)), shape, false, null);
    }
    put(n, v);
  }

  private void slice(TfjsGraph.Node n) {
    Value x = dynamic(in(n, 0));
    int[] begin = intValues(constant(n, 1));
    int[] size = intValues(constant(n, 2));
    long[] starts = new long[begin.length];
    long[] ends = new long[begin.length];
    long[] axes = new long[begin.length];
    long[] shape = x.shape.clone();
    for (int a = 0; a < begin.length; a++) {
      starts[a] = begin[a];
      ends[a] = size[a] < 0 ? Long.MAX_VALUE : (long) begin[a] + size[a];
      axes[a] = a;
      shape[a] = size[a] >= 0 ? size[a] : x.shape[a] < 0 ? -1 : x.shape[a] - begin[a];
    }
    String out = onnx.node("Slice", n.name(), List.of(tf(x), onnx.constantInt64(n.name() + "/starts", starts, starts.length),
        onnx.constantInt64(n.name() + "/ends", ends, ends.length), onnx.constantInt64(n.name() + "/axes", axes, axes.length)));
    put(n, new Value(out, shape, false, null));
  }

  // ------------------------------------------------------------------------------------------ helpers

  private String longs(String name, List<Long> values) {
    return onnx.constantInt64(name, values.stream().mapToLong(Long::longValue).toArray(), values.size());
  }

  private static long sliceLength(long dim, long start, long end, long step) {
    if (dim < 0) {
      return -1;
    }
    long s = start < 0 ? start + dim : start;
    long e = end < 0 && end != Long.MIN_VALUE ? end + dim : end;
    if (step > 0) {
      s = Math.max(0, Math.min(dim, s));
      e = Math.max(0, Math.min(dim, e));
      return Math.max(0, (e - s + step - 1) / step);
    }
    s = Math.max(-1, Math.min(dim - 1, s));
    e = e == Long.MIN_VALUE ? -1 : Math.max(-1, Math.min(dim - 1, e));
    return Math.max(0, (s - e - step - 1) / -step);
  }

  private void requireNhwc(TfjsGraph.Node n) {
    String format = n.string("data_format", "NHWC");
    if (!format.equals("NHWC")) {
      throw unsupported(n.op() + " with data_format " + format);
    }
  }

  /** The two spatial entries of an NHWC attribute such as strides {@code [1, sh, sw, 1]}. */
  private long[] spatial(long[] v, String what) {
    if (v.length == 4) {
      return new long[] {v[1], v[2]};
    }
    if (v.length == 2) {
      return v;
    }
    throw new IllegalArgumentException("node " + current.name() + ": " + what + " must have 4 entries, got " + Arrays.toString(v));
  }

  /** ONNX pads {@code [top, left, bottom, right]} for TF's padding rule, or null when they depend on unknown sizes. */
  private long[] pads(TfjsGraph.Node n, long[] in, long[] k, long[] s, long[] d) {
    String padding = n.string("padding", "VALID");
    switch (padding) {
      case "VALID" -> {
        return new long[] {0, 0, 0, 0};
      }
      case "EXPLICIT" -> {
        long[] e = n.ints("explicit_paddings");
        if (e.length != 8) {
          throw new IllegalArgumentException("node " + n.name() + ": explicit_paddings needs 8 entries");
        }
        return new long[] {e[2], e[4], e[3], e[5]};
      }
      case "SAME" -> {
        if (in[1] < 0 || in[2] < 0) {
          return null;
        }
        long[] p = new long[4];
        for (int i = 0; i < 2; i++) {
          long size = in[1 + i];
          long out = (size + s[i] - 1) / s[i];
          long total = Math.max((out - 1) * s[i] + (k[i] - 1) * d[i] + 1 - size, 0);
          p[i] = total / 2;
          p[2 + i] = total - total / 2;
        }
        return p;
      }
      default -> throw unsupported(n.op() + " with padding " + padding);
    }
  }

  private static long outSize(long in, long k, long s, long d, long[] pads, int axis, TfjsGraph.Node n) {
    if (in < 0) {
      return -1;
    }
    if (pads == null) {
      return (in + s - 1) / s;
    }
    long effective = (k - 1) * d + 1;
    return (in + pads[axis] + pads[2 + axis] - effective) / s + 1;
  }

  /** TF filter {@code [kh, kw, in, out]} as ONNX's {@code [out, in, kh, kw]}. */
  private static float[] convKernel(TfjsWeights.Tensor f) {
    int kh = (int) f.shape()[0];
    int kw = (int) f.shape()[1];
    int ci = (int) f.shape()[2];
    int co = (int) f.shape()[3];
    float[] src = f.floats();
    float[] w = new float[src.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int i = 0; i < ci; i++) {
          for (int o = 0; o < co; o++) {
            w[((o * ci + i) * kh + y) * kw + x] = src[((y * kw + x) * ci + i) * co + o];
          }
        }
      }
    }
    return w;
  }

  /** TF depthwise filter {@code [kh, kw, in, multiplier]} as ONNX's {@code [in * multiplier, 1, kh, kw]}. */
  private static float[] depthwiseKernel(TfjsWeights.Tensor f) {
    int kh = (int) f.shape()[0];
    int kw = (int) f.shape()[1];
    int ci = (int) f.shape()[2];
    int m = (int) f.shape()[3];
    float[] src = f.floats();
    float[] w = new float[src.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int c = 0; c < ci; c++) {
          for (int j = 0; j < m; j++) {
            w[((c * m + j) * kh + y) * kw + x] = src[((y * kw + x) * ci + c) * m + j];
          }
        }
      }
    }
    return w;
  }

  private static boolean isNchw(Value v) {
    return v.constant == null && v.nchw;
  }

  /** Whether {@code v} can join an NCHW computation of rank 4. */
  private static boolean compatibleWithNchw(Value v) {
    if (v.constant != null) {
      return v.rank() <= 4;
    }
    return v.rank() == 4 || v.rank() == 0;
  }

  private String operand(Value v, boolean nchw) {
    if (v.constant != null) {
      return nchw ? constantLike(v.constant, true) : materialise(v.constant);
    }
    if (v.rank() == 0) {
      return v.onnx;
    }
    return nchw ? nchw(v) : tf(v);
  }

  /** {@code v}'s ONNX value in TF's layout. */
  private String tf(Value v) {
    if (v.constant != null) {
      return materialise(v.constant);
    }
    if (!v.nchw) {
      return v.onnx;
    }
    if (v.tfCopy == null) {
      v.tfCopy = onnx.node("Transpose", v.onnx + "/nhwc", List.of(v.onnx), Attribute.ints("perm", TO_NHWC));
    }
    return v.tfCopy;
  }

  /** {@code v}'s ONNX value in NCHW layout (v must have rank 4). */
  private String nchw(Value v) {
    if (v.constant != null) {
      return constantLike(v.constant, true);
    }
    if (v.nchw) {
      return v.onnx;
    }
    if (v.rank() != 4) {
      throw unsupported("a layout change of a tensor of rank " + v.rank());
    }
    if (v.nchwCopy == null) {
      v.nchwCopy = onnx.node("Transpose", v.onnx + "/nchw", List.of(v.onnx), Attribute.ints("perm", TO_NCHW));
    }
    return v.nchwCopy;
  }

  private final Map<String, String> materialised = new HashMap<>();

  private String materialise(TfjsWeights.Tensor t) {
    return materialised.computeIfAbsent(t.name(), k -> {
      if (t.isFloat()) {
        return onnx.constant(t.name(), t.floats(), t.shape());
      }
      return onnx.constantInt64(t.name(), Arrays.stream(t.ints()).asLongStream().toArray(), t.shape());
    });
  }

  /**
   * A float constant that broadcasts against NCHW values as it did against NHWC ones: padded to rank 4
   * with leading ones, then its axes reordered. A single value stays a scalar.
   */
  private String constantLike(TfjsWeights.Tensor t, boolean nchw) {
    if (!nchw || t.size() == 1) {
      return materialise(t);
    }
    return materialised.computeIfAbsent(t.name() + "#nchw", k -> {
      if (!t.isFloat() || t.shape().length > 4) {
        throw unsupported("a constant " + t + " in an NCHW computation");
      }
      long[] s = new long[4];
      Arrays.fill(s, 1);
      System.arraycopy(t.shape(), 0, s, 4 - t.shape().length, t.shape().length);
      float[] src = t.floats();
      float[] dst = new float[src.length];
      int n = (int) s[0];
      int h = (int) s[1];
      int w = (int) s[2];
      int c = (int) s[3];
      for (int a = 0; a < n; a++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            for (int ch = 0; ch < c; ch++) {
              dst[((a * c + ch) * h + y) * w + x] = src[((a * h + y) * w + x) * c + ch];
            }
          }
        }
      }
      return onnx.constant(t.name() + "/nchw", dst, s[0], s[3], s[1], s[2]);
    });
  }

  private Value dynamic(Value v) {
    if (v.constant != null) {
      throw unsupported(current.op() + " of a constant");
    }
    return v;
  }

  private Value in(TfjsGraph.Node n, int i) {
    if (i >= n.inputs().size()) {
      throw new IllegalArgumentException("node " + n.name() + " (" + n.op() + ") has no input " + i);
    }
    return value(n.inputs().get(i));
  }

  private Value value(String tensor) {
    String key = tensor.contains(":") ? tensor : tensor + ":0";
    Value v = values.get(key);
    if (v == null) {
      throw unsupported("a read of " + tensor + ", an output this converter does not produce");
    }
    return v;
  }

  private TfjsWeights.Tensor constant(TfjsGraph.Node n, int i) {
    return constant(n.inputs().get(i));
  }

  private TfjsWeights.Tensor constant(String tensor) {
    Value v = value(tensor);
    if (v.constant == null) {
      throw unsupported("a computed value where a constant is expected (" + tensor + ")");
    }
    return v.constant;
  }

  private static int[] intValues(TfjsWeights.Tensor t) {
    if (t.isFloat()) {
      float[] f = t.floats();
      int[] out = new int[f.length];
      for (int i = 0; i < f.length; i++) {
        out[i] = Math.round(f[i]);
      }
      return out;
    }
    return t.ints();
  }

  private static int[] normalise(int[] axes, int rank) {
    int[] out = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      out[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (out[i] < 0 || out[i] >= rank) {
        throw new IllegalArgumentException("axis " + axes[i] + " is outside rank " + rank);
      }
    }
    return out;
  }

  private void put(TfjsGraph.Node n, Value v) {
    values.put(n.name() + ":0", v);
  }

  private static long[] broadcast(long[] a, long[] b) {
    if (a == null || b == null) {
      return null;
    }
    int r = Math.max(a.length, b.length);
    long[] out = new long[r];
    for (int i = 0; i < r; i++) {
      long x = i < r - a.length ? 1 : a[i - (r - a.length)];
      long y = i < r - b.length ? 1 : b[i - (r - b.length)];
      out[i] = x == 1 ? y : y == 1 ? x : x < 0 ? y : x;
    }
    return out;
  }

  private static long size(long[] shape) {
    if (shape == null) {
      return -1;
    }
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        return -1;
      }
      n *= d;
    }
    return n;
  }

  private static Object[] dims(long[] shape) {
    if (shape == null) {
      return new Object[0];
    }
    Object[] d = new Object[shape.length];
    for (int i = 0; i < shape.length; i++) {
      d[i] = shape[i] >= 0 ? (Object) shape[i] : (i == 0 ? "N" : "d" + i);
    }
    return d;
  }
}
