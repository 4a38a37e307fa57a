package io.deepface.find;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole-file writes that are atomic and self-checking, for the index and cache files of this package.
 *
 * <p>A file is its body followed by a trailer: 8 bytes {@link #TRAILER_MAGIC} and the CRC32C of the body.
 * {@link #write} writes body and trailer to a temporary file beside the target, forces it to disk, then
 * renames it over the target with {@code ATOMIC_MOVE}: a reader sees the old file or the new one, never
 * a mix, and a crash at any point leaves the old file intact (at worst with a stray temporary file, which
 * {@link #deleteTemporaries} removes). {@link #read} checks the trailer and that nothing follows it.
 */
final class ChecksummedFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ChecksummedFiles.class);
  static final long TRAILER_MAGIC = 0x44464A2D454E4421L; // "DFJ-END!"
  static final String TEMP_INFIX = ".tmp-";

  private ChecksummedFiles() {}

  /** Writes the body of a file. */
  @FunctionalInterface
  interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  /** Parses the body of a file; throws {@link CorruptIndexException} or {@link IOException} on bad content. */
  @FunctionalInterface
  interface Parser<T> {
    T read(DataInputStream in) throws IOException;
  }

  /** Runs between the complete, synced temporary file and the rename; tests use it to simulate a crash. */
  @FunctionalInterface
  interface BeforeRename {
    BeforeRename NONE = tmp -> {};

    void run(Path temporary) throws IOException;
  }

  static void write(Path target, Body body) throws IOException {
    write(target, body, BeforeRename.NONE);
  }

  static void write(Path target, Body body, BeforeRename hook) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = dir.resolve(abs.getFileName() + TEMP_INFIX + ProcessHandle.current().pid() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32C());
        DataOutputStream data = new DataOutputStream(checked);
        body.write(data);
        data.flush();
        int crc = (int) checked.getChecksum().getValue();
        DataOutputStream trailer = new DataOutputStream(raw);
        trailer.writeLong(TRAILER_MAGIC);
        trailer.writeInt(crc);
        trailer.flush();
        ch.force(true);
      }
      hook.run(tmp);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + dir + " cannot rename atomically", e);
      }
      moved = true;
      syncDirectory(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Makes the rename durable where the platform allows it (Linux, macOS); a no-op elsewhere. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      LOG.trace("cannot sync directory {}: {}", dir, e.toString());
    }
  }

  /**
   * Reads and checks {@code file}. Every way the content can be wrong (truncated, a flipped byte, a
   * foreign file, trailing garbage) becomes a {@link CorruptIndexException}; only real I/O failures
   * (permissions, a vanished disk) stay {@link IOException}s.
   */
  static <T> T read(Path file, Parser<T> parser) throws IOException {
    long size = Files.size(file);
    if (size < 12) {
      throw new CorruptIndexException(file, "only " + size + " bytes");
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      // The body is everything but the 12-byte trailer; the parser may not read past it.
      BoundedInputStream bodyBytes = new BoundedInputStream(raw, size - 12);
      CheckedInputStream checked = new CheckedInputStream(bodyBytes, new CRC32C());
      DataInputStream data = new DataInputStream(checked);
      T value;
      try {
        value = parser.read(data);
      } catch (EOFException | UTFDataFormatException e) {
        throw new CorruptIndexException(file, "truncated or malformed body (" + e + ")", e);
      } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException | NegativeArraySizeException e) {
        throw new CorruptIndexException(file, "malformed body (" + e + ")", e);
      }
      if (bodyBytes.remaining() != 0) {
        throw new CorruptIndexException(file, bodyBytes.remaining() + " unexpected bytes after the body");
      }
      int crc = (int) checked.getChecksum().getValue();
      DataInputStream trailer = new DataInputStream(raw);
      long magic = trailer.readLong();
      int stored = trailer.readInt();
      if (magic != TRAILER_MAGIC) {
        throw new CorruptIndexException(file, "no end marker (truncated or foreign file)");
      }
      if (stored != crc) {
        throw new CorruptIndexException(file, String.format("checksum mismatch (stored %08x, computed %08x)", stored, crc));
      }
      return value;
    }
  }

  /** Checks a magic number at the start of a body. */
  static void expectMagic(DataInputStream in, long magic, Path file, String what) throws IOException {
    long m = in.readLong();
    if (m != magic) {
      throw new CorruptIndexException(file, "not a " + what + " (wrong magic number)");
    }
  }

  /** Writes {@code len} floats big-endian in one bulk copy ({@code scratch} holds at least {@code 4 * len} bytes). */
  static void writeFloats(DataOutputStream out, float[] src, int off, int len, byte[] scratch) throws IOException {
    java.nio.ByteBuffer.wrap(scratch, 0, len * 4).asFloatBuffer().put(src, off, len);
    out.write(scratch, 0, len * 4);
  }

  /** Reads what {@link #writeFloats} wrote. */
  static void readFloats(DataInputStream in, float[] dst, int off, int len, byte[] scratch) throws IOException {
    in.readFully(scratch, 0, len * 4);
    java.nio.ByteBuffer.wrap(scratch, 0, len * 4).asFloatBuffer().get(dst, off, len);
  }

  /** Deletes temporary files that {@link #write} left beside {@code target} (after a crash). Only call it while
   * holding the lock that serialises writers of {@code target}. Returns how many were deleted. */
  static int deleteTemporaries(Path target) {
    Path abs = target.toAbsolutePath();
    String prefix = abs.getFileName() + TEMP_INFIX;
    int deleted = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(abs.getParent(), p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path p : ds) {
        try {
          Files.deleteIfExists(p);
          deleted++;
          LOG.info("Deleted {} left by an interrupted write", p);
        } catch (IOException e) {
          LOG.warn("Cannot delete the stale temporary file {}: {}", p, e.toString());
        }
      }
    } catch (IOException e) {
      LOG.debug("Cannot list {}: {}", abs.getParent(), e.toString());
    }
    return deleted;
  }

  /** Limits how many bytes can be read, so a parser can never consume the trailer. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedInputStream(InputStream in, long limit) {
      this.in = in;
      this.remaining = limit;
    }

    long remaining() {
      return remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }
}
