package io.deepface.opencv;

import io.deepface.model.convert.onnx.ProtoBuffer;
import io.deepface.model.convert.onnx.ProtoReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The little of an ONNX file's graph that the OpenCV backend needs, read straight from its protobuf
 * encoding with the library's {@link ProtoReader} (no protobuf library): the names and shapes of the real inputs (graph inputs that are not
 * initializers), the output names, and a copy of the model with its dynamic input dimensions fixed.
 *
 * <p>OpenCV DNN's ONNX importer folds {@code Shape} nodes at import time and refuses graphs whose input
 * dimensions are symbolic ("dynamic 'zero' shapes are not supported"): YuNet's and RetinaFace's exports
 * are such graphs. Fixing the symbolic dimensions to nominal values lets them import; OpenCV DNN then still
 * accepts other input sizes at run time (checked against ONNX Runtime in the parity tests).
 *
 * <p>Protobuf paths used: {@code ModelProto.graph = 7}; {@code GraphProto.node = 1, initializer = 5,
 * input = 11, output = 12}; {@code TensorProto.name = 8}; {@code ValueInfoProto.name = 1, type = 2};
 * {@code TypeProto.tensor_type = 1}; {@code TypeProto.Tensor.shape = 2}; {@code TensorShapeProto.dim = 1};
 * {@code Dimension.dim_value = 1, dim_param = 2}.
 */
final class OnnxGraph {
  /** A dimension that the file leaves symbolic or unset. */
  static final long DYNAMIC = -1;

  private final Map<String, long[]> inputs;
  private final List<String> outputs;
  private final Set<String> operators;

  private OnnxGraph(Map<String, long[]> inputs, List<String> outputs, Set<String> operators) {
    this.inputs = inputs;
    this.outputs = outputs;
    this.operators = operators;
  }

  /**
   * Reads the graph's inputs and outputs.
   *
   * @throws IllegalArgumentException when {@code model} is not a well-formed ONNX protobuf with a graph
   */
  static OnnxGraph parse(byte[] model) {
    byte[] graph = field(model, 7);
    if (graph == null) {
      throw new IllegalArgumentException("not an ONNX model: no graph");
    }
    Set<String> initializers = new HashSet<>();
    Map<String, long[]> inputs = new LinkedHashMap<>();
    List<String> outputs = new ArrayList<>();
    Set<String> operators = new HashSet<>();
    walk(graph, (f, payload) -> {
      if (f == 1) {
        byte[] op = field(payload, 4);
        if (op != null) {
          operators.add(utf8(op));
        }
      } else if (f == 5) {
        byte[] name = field(payload, 8);
        if (name != null) {
          initializers.add(utf8(name));
        }
      } else if (f == 11) {
        inputs.put(name(payload), shape(payload));
      } else if (f == 12) {
        outputs.add(name(payload));
      }
      return null;
    });
    inputs.keySet().removeAll(initializers);
    return new OnnxGraph(inputs, List.copyOf(outputs), Set.copyOf(operators));
  }

  /** The operator types the graph's nodes use, for example {@code Conv} or {@code Shape}. */
  Set<String> operators() {
    return operators;
  }

  /** Real inputs (initializers excluded) by name, in file order, with {@link #DYNAMIC} for symbolic dimensions. */
  Map<String, long[]> inputs() {
    Map<String, long[]> copy = new LinkedHashMap<>();
    inputs.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  List<String> outputs() {
    return outputs;
  }

  boolean hasDynamicInputs() {
    return inputs.values().stream().anyMatch(s -> Arrays.stream(s).anyMatch(d -> d == DYNAMIC));
  }

  /**
   * The input shapes with every symbolic dimension replaced: the batch (first) dimension by 1, any other by
   * {@code nominal}.
   */
  Map<String, long[]> fixedInputs(long nominal) {
    Map<String, long[]> fixed = new LinkedHashMap<>();
    inputs.forEach((name, shape) -> {
      long[] s = shape.clone();
      for (int i = 0; i < s.length; i++) {
        if (s[i] == DYNAMIC) {
          s[i] = i == 0 ? 1 : nominal;
        }
      }
      fixed.put(name, s);
    });
    return fixed;
  }

  /** A copy of {@code model} whose graph inputs named in {@code shapes} have exactly those dimensions. */
  static byte[] withInputShapes(byte[] model, Map<String, long[]> shapes) {
    return walk(model, (f, graph) -> f != 7 ? null : changed(graph, walk(graph, (g, valueInfo) -> {
      if (g != 11) {
        return null;
      }
      long[] shape = shapes.get(name(valueInfo));
      if (shape == null) {
        return null;
      }
      return changed(valueInfo, walk(valueInfo, (v, type) -> v != 2 ? null : changed(type, walk(type,
          (t, tensor) -> t != 1 ? null : changed(tensor, walk(tensor, (k, oldShape) -> k != 2 ? null : encodeShape(shape)))))));
    })));
  }

  /** {@code rewritten}, or null when {@link #walk} left {@code original} as it was (so the caller keeps it too). */
  private static byte[] changed(byte[] original, byte[] rewritten) {
    return rewritten == original ? null : rewritten;
  }

  private static byte[] encodeShape(long[] shape) {
    ProtoBuffer out = new ProtoBuffer();
    for (long d : shape) {
      out.message(1, new ProtoBuffer().varint(1, d)); // dim { dim_value }
    }
    return out.toByteArray();
  }

  private static String name(byte[] valueInfo) {
    byte[] n = field(valueInfo, 1);
    return n == null ? "" : utf8(n);
  }

  /** The dimensions of a ValueInfoProto's tensor type; empty when it declares no shape. */
  private static long[] shape(byte[] valueInfo) {
    byte[] type = field(valueInfo, 2);
    byte[] tensor = type == null ? null : field(type, 1);
    byte[] shape = tensor == null ? null : field(tensor, 2);
    if (shape == null) {
      return new long[0];
    }
    List<Long> dims = new ArrayList<>();
    walk(shape, (f, dim) -> {
      if (f == 1) {
        long[] value = {DYNAMIC};
        ProtoReader.Field v = ProtoReader.first(ProtoReader.fields(dim), 1); // dim_value
        if (v != null && v.wireType() == ProtoReader.VARINT) {
          value[0] = v.value();
        }
        dims.add(value[0]);
      }
      return null;
    });
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  private static String utf8(byte[] b) {
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The first length-delimited field {@code number} of a message, or null. */
  private static byte[] field(byte[] message, int number) {
    for (ProtoReader.Field f : ProtoReader.fields(message)) {
      if (f.number() == number && f.wireType() == ProtoReader.LENGTH_DELIMITED) {
        return f.bytes();
      }
    }
    return null;
  }

  /** Called for each length-delimited field; returns its new payload, or null to keep it as it is. */
  @FunctionalInterface
  private interface Visitor {
    byte[] visit(int field, byte[] payload);
  }

  /** Visits the length-delimited fields of {@code message}; returns the message with the visitor's replacements. */
  private static byte[] walk(byte[] message, Visitor visitor) {
    ProtoBuffer out = new ProtoBuffer();
    boolean changed = false;
    for (ProtoReader.Field f : ProtoReader.fields(message)) {
      byte[] replaced = f.wireType() == ProtoReader.LENGTH_DELIMITED ? visitor.visit(f.number(), f.bytes()) : null;
      if (replaced != null) {
        out.bytes(f.number(), replaced);
        changed = true;
      } else {
        out.encoded(f.encoded());
      }
    }
    return changed ? out.toByteArray() : message;
  }
}
