package io.deepface.model.convert.onnx;

import io.deepface.model.convert.onnx.ProtoReader.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites an ONNX model's per-channel {@code PRelu} nodes that follow a convolution as
 * {@code BatchNormalization(x; s) + BatchNormalization(Relu(x); 1 - s)}, which computes the same values
 * ({@code s x + (1 - s) max(x, 0)}: exactly {@code s x} below zero, {@code x} up to one rounding above).
 *
 * <p>Why: ONNX Runtime's CPU provider has no blocked-layout ({@code NCHWc}) kernel for {@code PRelu}. At its default
 * optimisation level every {@code PRelu} therefore costs a layout conversion in and out plus a slow broadcasting
 * element-wise pass; faceplugin's {@code fr_feature} (33 of them after 50 convolutions) spent more time there than in
 * its convolutions. A {@code BatchNormalization} is turned into a blocked-layout depthwise convolution, the
 * {@code Relu} runs in that layout, and the {@code Add} is fused into the second one: {@code fr_feature} runs in
 * about 60 % of the time, with the same outputs (cosine 1.0000000 on LFW faces, see {@code PReluDecompositionTest}).
 *
 * <p>Only {@code PRelu} nodes whose input comes from a {@code Conv} (so it is NCHW with channels on axis 1) and
 * whose slope is a float initializer of shape {@code [C, 1, 1]} are rewritten; the default-domain opset must be 9 or
 * later ({@code BatchNormalization} without the {@code spatial} attribute). Other nodes are copied byte for byte.
 */
public final class PReluDecomposition {
  // ModelProto: 7 graph, 8 opset_import (OperatorSetIdProto: 1 domain, 2 version).
  // GraphProto: 1 node, 5 initializer, 11 input. NodeProto: 1 input, 2 output, 3 name, 4 op_type, 7 domain.
  // TensorProto: 1 dims, 2 data_type, 4 float_data, 8 name, 9 raw_data, 14 data_location.
  private static final int FLOAT = 1;

  /**
   * The rewritten model and how many {@code PRelu} nodes were rewritten.
   *
   * @param model the model's bytes (the input itself when nothing was rewritten)
   * @param rewritten the number of {@code PRelu} nodes replaced
   */
  public record Result(byte[] model, int rewritten) {}

  private PReluDecomposition() {}

  /**
   * Rewrites every eligible {@code PRelu} of {@code model} (see the class comment).
   *
   * @throws IllegalArgumentException when {@code model} is not a well-formed ONNX protobuf with one graph
   */
  public static Result apply(byte[] model) {
    List<Field> modelFields = ProtoReader.fields(model);
    Field graph = ProtoReader.first(modelFields, 7);
    if (graph == null || graph.wireType() != ProtoReader.LENGTH_DELIMITED) {
      throw new IllegalArgumentException("not an ONNX model: no graph");
    }
    if (defaultOpset(modelFields) < 9) {
      return new Result(model, 0);
    }
    List<Field> graphFields = graph.fields();
    Map<String, Field> initializers = new HashMap<>();
    Set<String> names = new HashSet<>();
    Map<String, String> producers = new HashMap<>();
    for (Field f : graphFields) {
      if (f.number() == 5) {
        Field name = ProtoReader.first(f.fields(), 8);
        if (name != null) {
          initializers.put(name.string(), f);
          names.add(name.string());
        }
      } else if (f.number() == 1) {
        Node n = Node.read(f);
        for (String out : n.outputs) {
          producers.put(out, n.opType);
          names.add(out);
        }
      } else if (f.number() == 11) {
        Field name = ProtoReader.first(f.fields(), 1);
        if (name != null) {
          names.add(name.string());
        }
      }
    }
    ProtoBuffer newGraph = new ProtoBuffer();
    Map<String, String> constants = new LinkedHashMap<>();
    List<ProtoBuffer> newInitializers = new ArrayList<>();
    int rewritten = 0;
    for (Field f : graphFields) {
      Node n = f.number() == 1 ? Node.read(f) : null;
      float[] slope = n == null ? null : eligibleSlope(n, initializers, producers);
      if (slope == null) {
        newGraph.encoded(f.encoded());
        continue;
      }
      String x = n.inputs.get(0);
      String y = n.outputs.get(0);
      int c = slope.length;
      float[] oneMinus = new float[c];
      for (int i = 0; i < c; i++) {
        oneMinus[i] = 1f - slope[i];
      }
      String base = fresh(names, n.name.isEmpty() ? y : n.name);
      String scale = constant(names, newInitializers, base + "/slope", slope);
      String rest = constant(names, newInitializers, base + "/one_minus_slope", oneMinus);
      String zeros = constants.computeIfAbsent("zeros" + c, k -> constant(names, newInitializers, k, new float[c]));
      String ones = constants.computeIfAbsent("ones" + c, k -> {
        float[] v = new float[c];
        java.util.Arrays.fill(v, 1f);
        return constant(names, newInitializers, k, v);
      });
      String relu = fresh(names, base + "/relu");
      String negative = fresh(names, base + "/scaled");
      String positive = fresh(names, base + "/scaled_relu");
      newGraph.message(1, node("Relu", base + "/Relu", List.of(x), relu, false));
      newGraph.message(1, node("BatchNormalization", base + "/Scale", List.of(x, scale, zeros, zeros, ones), negative, true));
      newGraph.message(1, node("BatchNormalization", base + "/ScaleRelu", List.of(relu, rest, zeros, zeros, ones), positive,
          true));
      newGraph.message(1, node("Add", base + "/Add", List.of(negative, positive), y, false));
      rewritten++;
    }
    if (rewritten == 0) {
      return new Result(model, 0);
    }
    for (ProtoBuffer t : newInitializers) {
      newGraph.message(5, t);
    }
    ProtoBuffer out = new ProtoBuffer();
    for (Field f : modelFields) {
      if (f == graph) {
        out.message(7, newGraph);
      } else {
        out.encoded(f.encoded());
      }
    }
    return new Result(out.toByteArray(), rewritten);
  }

  /** The slope of a rewritable PRelu, flattened to {@code [C]}; null when {@code n} is anything else. */
  private static float[] eligibleSlope(Node n, Map<String, Field> initializers, Map<String, String> producers) {
    if (!n.opType.equals("PRelu") || !(n.domain.isEmpty() || n.domain.equals("ai.onnx")) || n.inputs.size() != 2
        || n.outputs.size() != 1 || !"Conv".equals(producers.get(n.inputs.get(0)))) {
      return null;
    }
    Field tensor = initializers.get(n.inputs.get(1));
    if (tensor == null) {
      return null;
    }
    List<Field> t = tensor.fields();
    List<Long> dims = new ArrayList<>();
    float[] values = null;
    long type = 0;
    for (Field f : t) {
      switch (f.number()) {
        case 1 -> {
          for (long d : f.varints()) {
            dims.add(d);
          }
        }
        case 2 -> type = f.value();
        case 4 -> values = concat(values, f.floats());
        case 9 -> values = f.littleEndianFloats();
        case 14 -> {
          return null; // external data
        }
        default -> {
          // name and other fields: not needed
        }
      }
    }
    if (type != FLOAT || values == null || dims.size() != 3 || dims.get(1) != 1 || dims.get(2) != 1
        || values.length != dims.get(0)) {
      return null;
    }
    return values;
  }

  private static float[] concat(float[] a, float[] b) {
    if (a == null) {
      return b;
    }
    float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static long defaultOpset(List<Field> modelFields) {
    long version = 0;
    for (Field f : modelFields) {
      if (f.number() == 8 && f.wireType() == ProtoReader.LENGTH_DELIMITED) {
        String domain = "";
        long v = 0;
        for (Field g : f.fields()) {
          if (g.number() == 1) {
            domain = g.string();
          } else if (g.number() == 2) {
            v = g.value();
          }
        }
        if (domain.isEmpty() || domain.equals("ai.onnx")) {
          version = v;
        }
      }
    }
    return version;
  }

  private static String fresh(Set<String> names, String wanted) {
    String name = wanted;
    for (int i = 2; names.contains(name); i++) {
      name = wanted + "_" + i;
    }
    names.add(name);
    return name;
  }

  private static String constant(Set<String> names, List<ProtoBuffer> initializers, String wanted, float[] values) {
    String name = fresh(names, wanted);
    initializers.add(new ProtoBuffer().packedVarints(1, new long[] {values.length}).varint(2, FLOAT).string(8, name)
        .packedFloats(9, values)); // raw_data: little-endian floats, as packed floats are written
    return name;
  }

  private static ProtoBuffer node(String opType, String name, List<String> inputs, String output, boolean epsilonZero) {
    ProtoBuffer n = new ProtoBuffer();
    for (String in : inputs) {
      n.string(1, in);
    }
    n.string(2, output).string(3, name).string(4, opType);
    if (epsilonZero) {
      // AttributeProto: 1 name, 2 f, 20 type (FLOAT 1). With mean 0 and variance 1, epsilon 0 makes the scale exact.
      n.message(5, new ProtoBuffer().string(1, "epsilon").float32(2, 0f).varint(20, 1));
    }
    return n;
  }

  /** The parts of a NodeProto this rewrite reads. */
  private static final class Node {
    final List<String> inputs = new ArrayList<>();
    final List<String> outputs = new ArrayList<>();
    String name = "";
    String opType = "";
    String domain = "";

    static Node read(Field node) {
      Node n = new Node();
      for (Field f : node.fields()) {
        switch (f.number()) {
          case 1 -> n.inputs.add(f.string());
          case 2 -> n.outputs.add(f.string());
          case 3 -> n.name = f.string();
          case 4 -> n.opType = f.string();
          case 7 -> n.domain = f.string();
          default -> {
            // attributes, doc string: copied with the node when it is kept
          }
        }
      }
      return n;
    }
  }
}
