package io.deepface.model.convert.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The weights of a TF.js model: a {@code weightsManifest} (groups of shard files, each holding named
 * tensors one after the other) decoded into float or int arrays.
 *
 * <p>Stored forms: {@code float32}, {@code int32}, and the quantised forms of the TF.js converter: {@code
 * float16} (IEEE half precision), and {@code uint8} / {@code uint16} affine quantisation, where a stored
 * value {@code q} means {@code min + q * scale}. All are little-endian.
 */
public final class TfjsWeights {
  /** One decoded tensor: floats or ints (the other is null), and its shape. */
  public record Tensor(String name, long[] shape, float[] floats, int[] ints) {
    public boolean isFloat() {
      return floats != null;
    }

    public long size() {
      return floats != null ? floats.length : ints.length;
    }

    @Override
    public String toString() {
      return name + Arrays.toString(shape) + (floats != null ? " float" : " int");
    }
  }

  private final Map<String, Tensor> tensors;

  private TfjsWeights(Map<String, Tensor> tensors) {
    this.tensors = tensors;
  }

  /**
   * Reads the tensors a manifest describes.
   *
   * @param manifest the {@code weightsManifest} array (of a graph model's {@code model.json}, or a face-api
   *     {@code *-weights_manifest.json} file)
   * @param shards finds a shard file by the path the manifest gives for it
   * @throws IllegalArgumentException when the manifest is malformed or a shard is too short or too long
   */
  public static TfjsWeights read(JsonNode manifest, Function<String, Path> shards) {
    if (manifest == null || !manifest.isArray()) {
      throw new IllegalArgumentException("weightsManifest must be an array of groups");
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (JsonNode group : manifest) {
      ByteBuffer data = concat(group.path("paths"), shards);
      for (JsonNode w : group.path("weights")) {
        Tensor t = decode(w, data);
        if (out.put(t.name(), t) != null) {
          throw new IllegalArgumentException("weight " + t.name() + " appears twice in the manifest");
        }
      }
      if (data.hasRemaining()) {
        throw new IllegalArgumentException("weight shards " + group.path("paths") + " hold " + data.remaining()
            + " bytes more than the manifest describes");
      }
    }
    return new TfjsWeights(out);
  }

  public Map<String, Tensor> all() {
    return tensors;
  }

  /** The tensor named {@code name}, or null. */
  public Tensor get(String name) {
    return tensors.get(name);
  }

  private static ByteBuffer concat(JsonNode paths, Function<String, Path> shards) {
    if (!paths.isArray() || paths.isEmpty()) {
      throw new IllegalArgumentException("a weights group lists no shard paths");
    }
    byte[][] parts = new byte[paths.size()][];
    int total = 0;
    for (int i = 0; i < parts.length; i++) {
      Path file = shards.apply(paths.get(i).asText());
      try {
        parts[i] = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read weight shard " + file, e);
      }
      total = Math.addExact(total, parts[i].length);
    }
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.flip();
  }

  private static Tensor decode(JsonNode w, ByteBuffer data) {
    String name = w.path("name").asText(null);
    if (name == null) {
      throw new IllegalArgumentException("a weight entry has no name: " + w);
    }
    long[] shape = new long[w.path("shape").size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = w.path("shape").get(i).asLong(-1);
      if (shape[i] < 0) {
        throw new IllegalArgumentException("weight " + name + " has a bad shape " + w.path("shape"));
      }
      count = Math.multiplyExact(count, shape[i]);
    }
    if (count > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("weight " + name + " is too large: " + count + " values");
    }
    int n = (int) count;
    String dtype = w.path("dtype").asText("");
    JsonNode q = w.get("quantization");
    String stored = q == null ? dtype : q.path("dtype").asText("");
    int bytes = switch (stored) {
      case "float32", "int32" -> 4;
      case "float16", "uint16" -> 2;
      case "uint8" -> 1;
      default -> throw new IllegalArgumentException("weight " + name + " is stored as " + stored
          + ", which is not supported (float32, int32, float16, uint16, uint8 are)");
    };
    if (data.remaining() < (long) n * bytes) {
      throw new IllegalArgumentException("weight shards end inside weight " + name + ": need " + (long) n * bytes
          + " bytes, " + data.remaining() + " left");
    }
    boolean asInt = dtype.equals("int32");
    if (!asInt && !dtype.equals("float32")) {
      throw new IllegalArgumentException("weight " + name + " has dtype " + dtype + "; only float32 and int32 are supported");
    }
    float[] f = asInt ? null : new float[n];
    int[] ints = asInt ? new int[n] : null;
    double min = q == null ? 0 : q.path("min").asDouble(0);
    double scale = q == null ? 1 : q.path("scale").asDouble(1);
    for (int i = 0; i < n; i++) {
      double v;
      switch (stored) {
        case "float32" -> v = data.getFloat();
        case "int32" -> {
          int x = data.getInt();
          if (asInt) {
            ints[i] = x;
            continue;
          }
          v = x;
        }
        case "float16" -> v = halfToFloat(data.getShort());
        case "uint16" -> v = min + (data.getShort() & 0xFFFF) * scale;
        default -> v = min + (data.get() & 0xFF) * scale;
      }
      if (asInt) {
        ints[i] = (int) Math.round(v);
      } else {
        f[i] = (float) v;
      }
    }
    return new Tensor(name, shape, f, ints);
  }

  /** IEEE 754 half precision to float (as {@code Float.float16ToFloat} of Java 20). */
  static float halfToFloat(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1F;
    int mantissa = bits & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      if (mantissa == 0) {
        return Float.intBitsToFloat(sign);
      }
      // Subnormal half: mantissa * 2^-24.
      float v = mantissa * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }
}
