package io.deepface.model.convert.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topology of a TF.js graph model ({@code model.json}'s {@code modelTopology}): nodes with their op,
 * inputs and attributes, and the model's declared inputs and outputs.
 */
public final class TfjsGraph {
  /**
   * One node of the GraphDef.
   *
   * @param inputs data inputs as {@code node} or {@code node:k} (control inputs, {@code ^node}, are dropped)
   */
  public record Node(String name, String op, List<String> inputs, JsonNode attr) {
    public boolean has(String key) {
      return attr != null && attr.has(key);
    }

    /** An integer list attribute ({@code list.i}), empty when absent. */
    public long[] ints(String key) {
      JsonNode list = attr == null ? null : attr.path(key).path("list").get("i");
      if (list == null) {
        return new long[0];
      }
      long[] out = new long[list.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = list.get(i).asLong();
      }
      return out;
    }

    /** A string list attribute ({@code list.s}, base64 in the JSON), empty when absent. */
    public List<String> strings(String key) {
      JsonNode list = attr == null ? null : attr.path(key).path("list").get("s");
      if (list == null) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (JsonNode s : list) {
        out.add(decode(s.asText()));
      }
      return out;
    }

    /** A string attribute ({@code s}, base64), or {@code fallback}. */
    public String string(String key, String fallback) {
      JsonNode s = attr == null ? null : attr.path(key).get("s");
      return s == null ? fallback : decode(s.asText());
    }

    /** An integer attribute ({@code i}, written as a string or a number), or {@code fallback}. */
    public long integer(String key, long fallback) {
      JsonNode i = attr == null ? null : attr.path(key).get("i");
      return i == null ? fallback : i.asLong();
    }

    /** A float attribute ({@code f}), or {@code fallback}. */
    public float real(String key, float fallback) {
      JsonNode f = attr == null ? null : attr.path(key).get("f");
      return f == null ? fallback : (float) f.asDouble();
    }

    /** A boolean attribute ({@code b}), or {@code fallback}. */
    public boolean bool(String key, boolean fallback) {
      JsonNode b = attr == null ? null : attr.path(key).get("b");
      return b == null ? fallback : b.asBoolean();
    }

    /** A shape attribute ({@code shape.dim[].size}, -1 for unknown), or null when absent or of unknown rank. */
    public long[] shape(String key) {
      JsonNode s = attr == null ? null : attr.path(key).get("shape");
      if (s == null || s.path("unknownRank").asBoolean(false)) {
        return null;
      }
      JsonNode dims = s.path("dim");
      long[] out = new long[dims.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = dims.get(i).path("size").asLong(-1);
      }
      return out;
    }

    private static String decode(String base64) {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
  }

  private final Map<String, Node> nodes;
  private final List<String> inputs;
  private final Map<String, String> outputs;

  private TfjsGraph(Map<String, Node> nodes, List<String> inputs, Map<String, String> outputs) {
    this.nodes = nodes;
    this.inputs = inputs;
    this.outputs = outputs;
  }

  /**
   * Reads the topology of a parsed {@code model.json}.
   *
   * @throws IllegalArgumentException when it is not a TF.js graph model
   */
  public static TfjsGraph parse(JsonNode modelJson) {
    JsonNode topology = modelJson.path("modelTopology");
    JsonNode list = topology.path("node");
    if (!list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException("not a TF.js graph model: modelTopology.node is missing"
          + (modelJson.has("weightsManifest") && !modelJson.has("modelTopology") ? " (a weights-only manifest?)" : ""));
    }
    if (topology.path("library").path("function").size() > 0) {
      throw new IllegalArgumentException("the graph uses TF functions (control flow), which are not supported");
    }
    Map<String, Node> nodes = new LinkedHashMap<>();
    for (JsonNode n : list) {
      String name = n.path("name").asText(null);
      String op = n.path("op").asText(null);
      if (name == null || op == null) {
        throw new IllegalArgumentException("a node lacks a name or an op: " + n);
      }
      List<String> in = new ArrayList<>();
      for (JsonNode i : n.path("input")) {
        String s = i.asText();
        if (!s.startsWith("^")) {
          in.add(s);
        }
      }
      if (nodes.put(name, new Node(name, op, List.copyOf(in), n.get("attr"))) != null) {
        throw new IllegalArgumentException("two nodes are named " + name);
      }
    }
    List<String> inputs = new ArrayList<>();
    for (Node n : nodes.values()) {
      if (n.op().equals("Placeholder")) {
        inputs.add(n.name());
      }
    }
    // Outputs: the signature's, else every node no other node reads (constants and inputs aside).
    Map<String, String> outputs = new LinkedHashMap<>();
    JsonNode sig = modelJson.path("signature").path("outputs");
    sig.properties().forEach(e -> {
      String tensor = e.getValue().path("name").asText(e.getKey());
      outputs.put(stripIndex(tensor), tensor.contains(":") ? tensor : tensor + ":0");
    });
    if (outputs.isEmpty()) {
      java.util.Set<String> read = new java.util.HashSet<>();
      for (Node n : nodes.values()) {
        for (String i : n.inputs()) {
          read.add(stripIndex(i));
        }
      }
      for (Node n : nodes.values()) {
        if (!read.contains(n.name()) && !n.op().equals("Const") && !n.op().equals("Placeholder")
            && !n.op().equals("NoOp")) {
          outputs.put(n.name(), n.name() + ":0");
        }
      }
    }
    for (String tensor : outputs.values()) {
      if (!nodes.containsKey(stripIndex(tensor))) {
        throw new IllegalArgumentException("the signature names output " + tensor + ", which no node produces");
      }
    }
    return new TfjsGraph(Collections.unmodifiableMap(nodes), List.copyOf(inputs), Collections.unmodifiableMap(outputs));
  }

  /** Node name of a tensor reference {@code node:k}. */
  public static String stripIndex(String tensor) {
    int colon = tensor.lastIndexOf(':');
    if (colon > 0 && tensor.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      return tensor.substring(0, colon);
    }
    return tensor;
  }

  public Map<String, Node> nodes() {
    return nodes;
  }

  public Node node(String name) {
    return nodes.get(name);
  }

  /** Names of the Placeholder nodes. */
  public List<String> inputs() {
    return inputs;
  }

  /** Output name (the node's name, without {@code :0}) -> tensor reference ({@code node:k}). */
  public Map<String, String> outputs() {
    return outputs;
  }
}
