package io.deepface.djl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The output names of an ONNX graph, in order, read straight from the model file's protobuf
 * ({@code ModelProto.graph = 7}, {@code GraphProto.output = 12}, {@code ValueInfoProto.name = 1}).
 *
 * <p>DJL 0.27's ONNX Runtime engine returns a graph's outputs as an unnamed {@code NDList} in the session's
 * output order, which is the graph's output order; the standard components look outputs up by name, so
 * the runner names them with this list. Only field headers are read: the weights are skipped.
 */
final class OnnxGraphOutputs {
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_OUTPUT = 12;
  private static final int VALUE_INFO_NAME = 1;

  private OnnxGraphOutputs() {}

  static List<String> read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      Reader r = new Reader(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
      int[] graph = r.field(0, r.buf.limit(), MODEL_GRAPH);
      if (graph == null) {
        throw new IOException(file + " holds no ONNX graph");
      }
      List<String> names = new ArrayList<>();
      r.pos = graph[0];
      while (r.pos < graph[1]) {
        long key = r.varint();
        int wire = (int) (key & 7);
        if ((key >>> 3) == GRAPH_OUTPUT && wire == 2) {
          long len = r.varint();
          int bodyStart = r.pos;
          int end = r.end(bodyStart, len);
          int[] name = r.field(bodyStart, end, VALUE_INFO_NAME);
          if (name == null) {
            throw new IOException(file + " has an unnamed graph output");
          }
          byte[] bytes = new byte[name[1] - name[0]];
          r.buf.get(name[0], bytes);
          names.add(new String(bytes, StandardCharsets.UTF_8));
          r.pos = end;
        } else {
          r.skip(wire);
        }
      }
      return names;
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new IOException(file + " is not a readable ONNX model: " + e.getMessage(), e);
    }
  }

  /** A cursor over protobuf bytes. */
  private static final class Reader {
    final ByteBuffer buf;
    int pos;

    Reader(ByteBuffer buf) {
      this.buf = buf;
    }

    /** {@code [start, end)} of the first length-delimited field {@code number} in {@code [from, to)}, or null. */
    int[] field(int from, int to, int number) {
      pos = from;
      while (pos < to) {
        long key = varint();
        int wire = (int) (key & 7);
        if ((key >>> 3) == number && wire == 2) {
          long len = varint();
          return new int[] {pos, end(pos, len)};
        }
        skip(wire);
      }
      return null;
    }

    void skip(int wire) {
      switch (wire) {
        case 0 -> varint();
        case 1 -> pos += 8;
        case 2 -> {
          long len = varint();
          pos = end(pos, len);
        }
        case 5 -> pos += 4;
        default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire + " at byte " + pos);
      }
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte x = buf.get(pos++);
        v |= (long) (x & 0x7f) << shift;
        if (x >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("malformed varint before byte " + pos);
    }

    int end(int start, long len) {
      if (len < 0 || start + len > buf.limit()) {
        throw new IllegalArgumentException("a field of " + len + " bytes at byte " + start + " runs past the end");
      }
      return (int) (start + len);
    }
  }
}
