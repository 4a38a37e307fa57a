package io.deepface.model.convert.onnx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the protocol-buffers wire format: the fields of one message, in file order, enough to read and rewrite an
 * ONNX {@code ModelProto} without generated classes (the reading half of {@link ProtoBuffer}, for the same reason:
 * no protobuf runtime in {@code deepface-api}).
 */
public final class ProtoReader {
  /** Wire type of varint fields (int32, int64, enum, bool). */
  public static final int VARINT = 0;
  /** Wire type of fixed 64-bit fields (double, fixed64). */
  public static final int FIXED64 = 1;
  /** Wire type of strings, bytes, nested messages and packed repeated fields. */
  public static final int LENGTH_DELIMITED = 2;
  /** Wire type of fixed 32-bit fields (float, fixed32). */
  public static final int FIXED32 = 5;

  private ProtoReader() {}

  /** One field of a message, read in place: its payload is copied out only when asked for. */
  public static final class Field {
    private final int number;
    private final int wireType;
    private final long value;
    private final byte[] source;
    private final int payloadStart;
    private final int payloadEnd;
    private final int start;

    private Field(int number, int wireType, long value, byte[] source, int payloadStart, int payloadEnd, int start) {
      this.number = number;
      this.wireType = wireType;
      this.value = value;
      this.source = source;
      this.payloadStart = payloadStart;
      this.payloadEnd = payloadEnd;
      this.start = start;
    }

    /** The field number. */
    public int number() {
      return number;
    }

    /** One of {@link #VARINT}, {@link #FIXED64}, {@link #LENGTH_DELIMITED}, {@link #FIXED32}. */
    public int wireType() {
      return wireType;
    }

    /** The value of a varint or fixed field (a float's raw bits for fixed 32-bit); 0 for length-delimited. */
    public long value() {
      return value;
    }

    /** The payload of a length-delimited field (a copy). */
    public byte[] bytes() {
      requireLengthDelimited();
      return Arrays.copyOfRange(source, payloadStart, payloadEnd);
    }

    /** The payload of a length-delimited field as UTF-8 text. */
    public String string() {
      requireLengthDelimited();
      return new String(source, payloadStart, payloadEnd - payloadStart, StandardCharsets.UTF_8);
    }

    /** The fields of the nested message this length-delimited field holds. */
    public List<Field> fields() {
      requireLengthDelimited();
      return ProtoReader.fields(source, payloadStart, payloadEnd);
    }

    /** The whole field as encoded (key, length and payload), to copy it unchanged into another message. */
    public byte[] encoded() {
      return Arrays.copyOfRange(source, start, payloadEnd);
    }

    /** The values of a repeated varint field, packed or not (one value when not packed). */
    public long[] varints() {
      if (wireType == VARINT) {
        return new long[] {value};
      }
      requireLengthDelimited();
      Cursor c = new Cursor(source, payloadStart, payloadEnd);
      List<Long> out = new ArrayList<>();
      while (c.more()) {
        out.add(c.varint());
      }
      return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The values of a repeated float field, packed or not (one value when not packed). */
    public float[] floats() {
      if (wireType == FIXED32) {
        return new float[] {Float.intBitsToFloat((int) value)};
      }
      return littleEndianFloats();
    }

    /** The payload of a length-delimited field read as little-endian 32-bit floats (ONNX's {@code raw_data}). */
    public float[] littleEndianFloats() {
      requireLengthDelimited();
      int n = payloadEnd - payloadStart;
      if (n % 4 != 0) {
        throw new IllegalArgumentException("field " + number + " holds " + n + " bytes, not a whole number of floats");
      }
      float[] out = new float[n / 4];
      for (int i = 0; i < out.length; i++) {
        int p = payloadStart + 4 * i;
        out[i] = Float.intBitsToFloat((source[p] & 0xff) | (source[p + 1] & 0xff) << 8 | (source[p + 2] & 0xff) << 16
            | (source[p + 3] & 0xff) << 24);
      }
      return out;
    }

    private void requireLengthDelimited() {
      if (wireType != LENGTH_DELIMITED) {
        throw new IllegalArgumentException("field " + number + " has wire type " + wireType + ", not length-delimited");
      }
    }
  }

  /**
   * The fields of {@code message}, in order.
   *
   * @throws IllegalArgumentException when the bytes are not well-formed protobuf (truncated, bad wire type)
   */
  public static List<Field> fields(byte[] message) {
    return fields(message, 0, message.length);
  }

  /** The first field numbered {@code number} among {@code fields}, or null. */
  public static Field first(List<Field> fields, int number) {
    for (Field f : fields) {
      if (f.number() == number) {
        return f;
      }
    }
    return null;
  }

  static List<Field> fields(byte[] b, int from, int to) {
    Cursor c = new Cursor(b, from, to);
    List<Field> out = new ArrayList<>();
    while (c.more()) {
      int start = c.pos;
      long key = c.varint();
      int number = (int) (key >>> 3);
      int wireType = (int) (key & 7);
      if (number < 1) {
        throw new IllegalArgumentException("protobuf field number " + number + " at byte " + start);
      }
      switch (wireType) {
        case VARINT -> {
          long v = c.varint();
          out.add(new Field(number, wireType, v, b, c.pos, c.pos, start));
        }
        case FIXED64 -> {
          int p = c.advance(8);
          long v = 0;
          for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[p + i] & 0xff);
          }
          out.add(new Field(number, wireType, v, b, c.pos, c.pos, start));
        }
        case LENGTH_DELIMITED -> {
          long len = c.varint();
          if (len < 0 || len > c.end - c.pos) {
            throw new IllegalArgumentException("protobuf field " + number + " of length " + len + " runs past the end");
          }
          int p = c.advance((int) len);
          out.add(new Field(number, wireType, 0, b, p, c.pos, start));
        }
        case FIXED32 -> {
          int p = c.advance(4);
          long v = (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (long) (b[p + 3] & 0xff) << 24;
          out.add(new Field(number, wireType, v, b, c.pos, c.pos, start));
        }
        default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wireType + " at byte " + start);
      }
    }
    return out;
  }

  /** A read position within a range of bytes. */
  private static final class Cursor {
    private final byte[] b;
    private final int end;
    private int pos;

    Cursor(byte[] b, int from, int to) {
      this.b = b;
      this.pos = from;
      this.end = to;
    }

    boolean more() {
      return pos < end;
    }

    long varint() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new IllegalArgumentException("truncated protobuf varint");
        }
        byte x = b[pos++];
        result |= (long) (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          return result;
        }
      }
      throw new IllegalArgumentException("malformed protobuf varint");
    }

    /** Skips {@code n} bytes; returns where they start. */
    int advance(int n) {
      if (n > end - pos) {
        throw new IllegalArgumentException("truncated protobuf field");
      }
      int p = pos;
      pos += n;
      return p;
    }
  }
}
