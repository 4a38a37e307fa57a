package io.deepface.model.convert.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A protocol-buffers message being written: the wire format's varints, fixed 32-bit values and
 * length-delimited fields, enough for ONNX's {@code ModelProto}. Fields are written in the order they are
 * added; nested messages are written whole (their length first), so a message is built inside-out.
 *
 * <p>{@link ProtoReader} reads what this writes. The library writes ONNX with this small encoder rather than generated
 * protobuf classes so that {@code deepface-api} carries no protobuf runtime, whose versions often clash in
 * applications (Spark, Hadoop, gRPC) that bring their own.
 */
public final class ProtoBuffer {
  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** An int64, int32 or enum field (negative values take ten bytes, as protobuf writes them). */
  public ProtoBuffer varint(int field, long value) {
    tag(field, VARINT);
    rawVarint(value);
    return this;
  }

  /** A float field. */
  public ProtoBuffer float32(int field, float value) {
    tag(field, FIXED32);
    int bits = Float.floatToRawIntBits(value);
    for (int i = 0; i < 4; i++) {
      out.write(bits >>> (8 * i));
    }
    return this;
  }

  public ProtoBuffer string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  public ProtoBuffer bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    rawVarint(value.length);
    out.writeBytes(value);
    return this;
  }

  public ProtoBuffer message(int field, ProtoBuffer message) {
    return bytes(field, message.toByteArray());
  }

  /** A repeated int64 field in packed form. */
  public ProtoBuffer packedVarints(int field, long[] values) {
    ProtoBuffer packed = new ProtoBuffer();
    for (long v : values) {
      packed.rawVarint(v);
    }
    return bytes(field, packed.toByteArray());
  }

  /** A repeated float field in packed form. */
  public ProtoBuffer packedFloats(int field, float[] values) {
    byte[] b = new byte[4 * values.length];
    for (int i = 0; i < values.length; i++) {
      int bits = Float.floatToRawIntBits(values[i]);
      for (int k = 0; k < 4; k++) {
        b[4 * i + k] = (byte) (bits >>> (8 * k));
      }
    }
    return bytes(field, b);
  }

  /** A field already encoded (for example {@link ProtoReader.Field#encoded()}), copied as it is. */
  public ProtoBuffer encoded(byte[] field) {
    out.writeBytes(field);
    return this;
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }

  private void tag(int field, int wireType) {
    if (field < 1) {
      throw new IllegalArgumentException("protobuf field numbers start at 1, got " + field);
    }
    rawVarint(((long) field << 3) | wireType);
  }

  private void rawVarint(long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
