package io.deepface.model.convert.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds an ONNX model (default domain, one opset) node by node and writes it as a {@code ModelProto}.
 *
 * <p>Value names are unique within a model: {@link #node} refuses an output name already in use, and
 * {@link #uniqueName} makes fresh ones. Float and int64 constants become initializers. Not thread-safe; one
 * builder makes one model.
 */
public final class OnnxModelBuilder {
  /** ONNX's {@code TensorProto.DataType} values used here. */
  public enum ElementType {
    FLOAT(1), INT32(6), INT64(7);

    final int code;

    ElementType(int code) {
      this.code = code;
    }
  }

  /** One node attribute; build with the static factories. */
  public static final class Attribute {
    private final String name;
    private final ProtoBuffer proto;

    private Attribute(String name, ProtoBuffer proto) {
      this.name = name;
      this.proto = proto;
    }

    public String name() {
      return name;
    }

    // AttributeProto: 1 name, 2 f, 3 i, 4 s, 7 floats, 8 ints, 20 type (FLOAT 1, INT 2, STRING 3, FLOATS 6, INTS 7).
    public static Attribute f(String name, float value) {
      return new Attribute(name, new ProtoBuffer().string(1, name).float32(2, value).varint(20, 1));
    }

    public static Attribute i(String name, long value) {
      return new Attribute(name, new ProtoBuffer().string(1, name).varint(3, value).varint(20, 2));
    }

    public static Attribute s(String name, String value) {
      return new Attribute(name, new ProtoBuffer().string(1, name).string(4, value).varint(20, 3));
    }

    public static Attribute floats(String name, float... values) {
      return new Attribute(name, new ProtoBuffer().string(1, name).packedFloats(7, values).varint(20, 6));
    }

    public static Attribute ints(String name, long... values) {
      return new Attribute(name, new ProtoBuffer().string(1, name).packedVarints(8, values).varint(20, 7));
    }
  }

  private final String graphName;
  private final int opset;
  private final List<ProtoBuffer> nodes = new ArrayList<>();
  private final List<ProtoBuffer> initializers = new ArrayList<>();
  private final List<ProtoBuffer> inputs = new ArrayList<>();
  private final List<ProtoBuffer> outputs = new ArrayList<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final Set<String> names = new HashSet<>();
  private final Set<String> reserved = new HashSet<>();
  private int counter;
  private String docString = "";

  /**
   * @param graphName the graph's name
   * @param opset the default domain's opset version the nodes follow
   */
  public OnnxModelBuilder(String graphName, int opset) {
    this.graphName = Objects.requireNonNull(graphName, "graphName");
    this.opset = opset;
  }

  public int opset() {
    return opset;
  }

  /**
   * Keeps {@code name} for a value defined later (typically a graph output that must carry an exact name):
   * {@link #uniqueName} and {@link #node} will not hand it out, only {@link #nodes} and {@link #identity}
   * with exactly this name claim it.
   */
  public void reserve(String name) {
    if (names.contains(name) || !reserved.add(name)) {
      throw new IllegalArgumentException("value name " + name + " is already used in graph " + graphName);
    }
  }

  /** A name not used yet in this model, made from {@code base}. */
  public String uniqueName(String base) {
    String n = base;
    while (names.contains(n) || reserved.contains(n)) {
      n = base + "__" + (++counter);
    }
    return n;
  }

  /**
   * Declares a graph input of floats.
   *
   * @param dims one entry per axis: a {@link Long} or {@link Integer} size, or a {@link String} for a
   *     symbolic size such as a batch dimension
   */
  public String input(String name, ElementType type, Object... dims) {
    claim(name);
    inputs.add(valueInfo(name, type, dims));
    return name;
  }

  /** Declares {@code value} a graph output (same name as the value; see {@link #identity} to rename). */
  public void output(String value, ElementType type, Object... dims) {
    outputs.add(valueInfo(value, type, dims));
  }

  /** A float constant as an initializer named after {@code base}; returns its name. */
  public String constant(String base, float[] data, long... dims) {
    checkCount(data.length, dims, base);
    ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    return initializer(base, ElementType.FLOAT, b.array(), dims);
  }

  /** An int64 constant (shapes, axes, pads) as an initializer named after {@code base}; returns its name. */
  public String constantInt64(String base, long[] data, long... dims) {
    checkCount(data.length, dims, base);
    ByteBuffer b = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(data);
    return initializer(base, ElementType.INT64, b.array(), dims);
  }

  private String initializer(String base, ElementType type, byte[] raw, long[] dims) {
    String name = uniqueName(base);
    claim(name);
    // TensorProto: 1 dims, 2 data_type, 8 name, 9 raw_data (little-endian).
    ProtoBuffer t = new ProtoBuffer();
    if (dims.length > 0) {
      t.packedVarints(1, dims);
    }
    t.varint(2, type.code).string(8, name).bytes(9, raw);
    initializers.add(t);
    return name;
  }

  /**
   * Adds a node with one output named {@code output} (made unique if taken) and returns the output's name.
   */
  public String node(String opType, String output, List<String> nodeInputs, Attribute... attributes) {
    String out = uniqueName(output);
    nodes(opType, List.of(out), nodeInputs, attributes);
    return out;
  }

  /** Adds a node whose outputs have exactly the given names. */
  public void nodes(String opType, List<String> nodeOutputs, List<String> nodeInputs, Attribute... attributes) {
    // NodeProto: 1 input, 2 output, 3 name, 4 op_type, 5 attribute.
    ProtoBuffer n = new ProtoBuffer();
    for (String in : nodeInputs) {
      n.string(1, in);
    }
    for (String out : nodeOutputs) {
      claim(out);
      n.string(2, out);
    }
    n.string(3, nodeOutputs.get(0)).string(4, opType);
    Set<String> seen = new HashSet<>();
    for (Attribute a : attributes) {
      if (!seen.add(a.name)) {
        throw new IllegalArgumentException(opType + " node " + nodeOutputs.get(0) + " has attribute " + a.name + " twice");
      }
      n.message(5, a.proto);
    }
    nodes.add(n);
  }

  /** A copy of {@code value} under the exact name {@code name}, for outputs that must carry a given name. */
  public String identity(String value, String name) {
    nodes("Identity", List.of(name), List.of(value));
    return name;
  }

  /** A key/value pair in the model's {@code metadata_props}. */
  public void metadata(String key, String value) {
    metadata.put(key, value);
  }

  public void docString(String doc) {
    this.docString = Objects.requireNonNull(doc, "doc");
  }

  /** The serialised {@code ModelProto}. */
  public byte[] toBytes() {
    if (outputs.isEmpty()) {
      throw new IllegalStateException("the graph " + graphName + " has no output");
    }
    // GraphProto: 1 node, 2 name, 5 initializer, 10 doc_string, 11 input, 12 output.
    ProtoBuffer g = new ProtoBuffer();
    for (ProtoBuffer n : nodes) {
      g.message(1, n);
    }
    g.string(2, graphName);
    for (ProtoBuffer t : initializers) {
      g.message(5, t);
    }
    for (ProtoBuffer i : inputs) {
      g.message(11, i);
    }
    for (ProtoBuffer o : outputs) {
      g.message(12, o);
    }
    // ModelProto: 1 ir_version, 2 producer_name, 3 producer_version, 6 doc_string, 7 graph, 8 opset_import,
    // 14 metadata_props. IR version 7 goes with opsets up to 13 and is read by every runtime in use.
    ProtoBuffer m = new ProtoBuffer().varint(1, 7).string(2, "deepface-java").string(3, "1");
    if (!docString.isEmpty()) {
      m.string(6, docString);
    }
    m.message(7, g).message(8, new ProtoBuffer().string(1, "").varint(2, opset));
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      m.message(14, new ProtoBuffer().string(1, e.getKey()).string(2, e.getValue()));
    }
    return m.toByteArray();
  }

  private void claim(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("ONNX value names must not be empty");
    }
    if (!names.add(name)) {
      throw new IllegalArgumentException("value name " + name + " is already used in graph " + graphName);
    }
    reserved.remove(name);
  }

  private static ProtoBuffer valueInfo(String name, ElementType type, Object[] dims) {
    // ValueInfoProto: 1 name, 2 type. TypeProto: 1 tensor_type. Tensor: 1 elem_type, 2 shape.
    // TensorShapeProto: 1 dim. Dimension: 1 dim_value, 2 dim_param.
    ProtoBuffer shape = new ProtoBuffer();
    for (Object d : dims) {
      ProtoBuffer dim = new ProtoBuffer();
      if (d instanceof String s) {
        dim.string(2, s);
      } else if (d instanceof Number n && n.longValue() >= 0) {
        dim.varint(1, n.longValue());
      } else {
        throw new IllegalArgumentException("dimension of " + name + " must be a size or a symbol, got " + d);
      }
      shape.message(1, dim);
    }
    ProtoBuffer tensor = new ProtoBuffer().varint(1, type.code).message(2, shape);
    return new ProtoBuffer().string(1, name).message(2, new ProtoBuffer().message(1, tensor));
  }

  private static void checkCount(int count, long[] dims, String name) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("constant " + name + " has a negative dimension");
      }
      n *= d;
    }
    if (n != count) {
      throw new IllegalArgumentException("constant " + name + " has " + count + " values for dims "
          + java.util.Arrays.toString(dims));
    }
  }
}
