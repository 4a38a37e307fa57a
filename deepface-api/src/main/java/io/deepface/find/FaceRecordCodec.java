package io.deepface.find;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepface.FacialArea;
import io.deepface.face.Point;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text and byte forms in which {@link FaceRecordStore}s outside the process keep a {@link FaceRecord}'s parts:
 * embeddings as little-endian float32 bytes (4 bytes a value), facial areas as one line of numbers, metadata as a
 * JSON object of strings. Shared by the store modules so that they read each other's rows the same way.
 */
public final class FaceRecordCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FaceRecordCodec() {}

  /** {@code vector} as little-endian float32 bytes. */
  public static byte[] vectorBytes(float[] vector) {
    ByteBuffer b = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(vector);
    return b.array();
  }

  /**
   * The vector of {@link #vectorBytes}.
   *
   * @throws IllegalArgumentException the length is not {@code dimension * 4}
   */
  public static float[] vector(byte[] bytes, int dimension) {
    if (bytes.length != dimension * 4) {
      throw new IllegalArgumentException("a stored embedding has " + bytes.length / 4 + " values, expected " + dimension);
    }
    float[] v = new float[dimension];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }

  /** {@code x y w h}, then the five landmarks' {@code x y} pairs (or {@code -} for a missing one). */
  public static String area(FacialArea a) {
    StringBuilder s = new StringBuilder();
    s.append(a.x()).append(' ').append(a.y()).append(' ').append(a.w()).append(' ').append(a.h());
    for (Point p : new Point[] {a.leftEye(), a.rightEye(), a.nose(), a.mouthLeft(), a.mouthRight()}) {
      s.append(' ');
      if (p == null) {
        s.append('-');
      } else {
        s.append(String.format(Locale.ROOT, "%.2f,%.2f", p.x(), p.y()));
      }
    }
    return s.toString();
  }

  /** The facial area of {@link #area(FacialArea)}. */
  public static FacialArea area(String s) {
    String[] f = s.strip().split(" ");
    if (f.length < 4) {
      throw new IllegalArgumentException("not a stored facial area: '" + s + "'");
    }
    Point[] p = new Point[5];
    for (int i = 0; i < 5 && 4 + i < f.length; i++) {
      if (!f[4 + i].equals("-")) {
        int c = f[4 + i].indexOf(',');
        p[i] = new Point(Double.parseDouble(f[4 + i].substring(0, c)), Double.parseDouble(f[4 + i].substring(c + 1)));
      }
    }
    return new FacialArea(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
        Integer.parseInt(f[3]), p[0], p[1], p[2], p[3], p[4]);
  }

  /** {@code metadata} as a JSON object (keys sorted). */
  public static String metadata(Map<String, String> metadata) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(metadata));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The metadata of {@link #metadata(Map)}; empty for null or blank. */
  public static Map<String, String> metadata(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not stored metadata: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * {@code url} without credentials, for messages and logs: a {@code user:password@} part and {@code password=}
   * parameters are replaced by {@code ***}.
   */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    String s = url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***");
    return s.replaceAll("(//)[^/@]*:[^/@]*@", "$1***@");
  }
}
