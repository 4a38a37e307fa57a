package io.deepface.find;

import io.deepface.FaceOptions;
import io.deepface.FacialArea;
import io.deepface.face.Point;
import io.deepface.internal.Sha256;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The representation cache of a gallery folder: for every image, its size, modification time and SHA-256,
 * and either its faces (area, detector confidence, embedding) or the fact that it has no face or cannot be
 * decoded. The file lives in the gallery folder, is named after the options that produced the embeddings,
 * and is only ever replaced whole, atomically ({@link ChecksummedFiles}).
 *
 * <p>Format (big-endian): magic {@code DFJFINDC}, version, the options key, a generation id (new on each
 * write), write time, dimension, entry count, the entries, then the CRC32C trailer.
 */
final class GalleryCache {
  static final long MAGIC = 0x44464A46494E4443L; // "DFJFINDC"
  static final int VERSION = 1;
  static final String SUFFIX = ".dfc";
  private static final int MAX_FACES = 100_000;
  private static final int MAX_ERROR = 2000;

  private GalleryCache() {}

  enum Status {
    FACES, NO_FACE, FAILED
  }

  /** One face of a gallery image. */
  record Face(FacialArea area, double confidence, float[] embedding) {}

  /**
   * One image of the gallery.
   *
   * @param path relative to the folder, {@code /}-separated
   * @param hashedAtMillis when the content was last read and hashed (wall clock); an image whose modification
   *     time is not safely older than this is hashed again by the next sync
   * @param error why the image could not be decoded (FAILED only)
   */
  record Image(String path, long size, long mtimeNanos, byte[] sha256, long hashedAtMillis, Status status, String error,
      List<Face> faces) {
    Image {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(status, "status");
      faces = List.copyOf(faces);
      if (sha256.length != 32) {
        throw new IllegalArgumentException("sha256 must be 32 bytes");
      }
    }

    Image withStat(long newSize, long newMtime, long newHashedAt) {
      return new Image(path, newSize, newMtime, sha256, newHashedAt, status, error, faces);
    }

    String hashHex() {
      return Sha256.hex(sha256);
    }
  }

  /** A whole cache file. */
  record Contents(String key, String generation, long writtenAtMillis, int dimension, Map<String, Image> images) {}

  /**
   * The key naming everything that changes the stored embeddings: the options, and the {@code provenance} of the
   * components that made them (which backends; see {@link FaceRepresenter#provenance}). {@code detection=2}: since
   * version 2 of the detectors ({@code retinaface} and {@code yunet} look at large photos at up to 1024 pixels),
   * caches written before hold other faces and are rebuilt.
   */
  static String key(FaceOptions o, String provenance) {
    return key(o) + (provenance.isEmpty() ? "" : ";backends=" + provenance);
  }

  /** The key of the options alone, for a representer with one implementation. */
  static String key(FaceOptions o) {
    return "model=" + o.model() + ";detector=" + o.detector() + ";alignment=" + o.alignment().name().toLowerCase(Locale.ROOT)
        + ";flip=" + o.flip() + ";expand=" + o.expandPercentage()
        + ";minConfidence=" + o.minConfidence().orElse(Double.NaN) + ";maxFaces=" + o.maxFaces()
        + ";enforceDetection=" + o.enforceDetection()
        + (o.minFaceSize() > 0 ? ";minFaceSize=" + o.minFaceSize() : "")
        + (o.antiSpoofing() ? ";antiSpoofing=true" : "") + ";embedding=raw;detection=2";
  }

  /** {@code deepface_find_<model>_<detector>_<alignment>_<8 hex of the key's SHA-256>.dfc}. */
  static String fileName(FaceOptions o, String key) {
    String hash = Sha256.hex(Sha256.of(key.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
    return "deepface_find_" + safe(o.model()) + "_" + safe(o.detector()) + "_"
        + o.alignment().name().toLowerCase(Locale.ROOT) + "_" + hash + SUFFIX;
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9.-]", "-");
  }

  static void write(Path file, Contents c) throws IOException {
    write(file, c, ChecksummedFiles.BeforeRename.NONE);
  }

  static void write(Path file, Contents c, ChecksummedFiles.BeforeRename hook) throws IOException {
    ChecksummedFiles.write(file, out -> {
      out.writeLong(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(c.key());
      out.writeUTF(c.generation());
      out.writeLong(c.writtenAtMillis());
      out.writeInt(c.dimension());
      out.writeInt(c.images().size());
      byte[] scratch = new byte[Math.max(4, c.dimension() * 4)];
      for (Image img : c.images().values()) {
        writeImage(out, img, c.dimension(), scratch);
      }
    }, hook);
  }

  private static void writeImage(DataOutputStream out, Image img, int dimension, byte[] scratch) throws IOException {
    out.writeUTF(img.path());
    out.writeLong(img.size());
    out.writeLong(img.mtimeNanos());
    out.write(img.sha256());
    out.writeLong(img.hashedAtMillis());
    out.writeByte(img.status().ordinal());
    if (img.status() == Status.FAILED) {
      String e = img.error() == null ? "" : img.error();
      out.writeUTF(e.length() > MAX_ERROR ? e.substring(0, MAX_ERROR) : e);
    }
    if (img.status() == Status.FACES) {
      out.writeInt(img.faces().size());
      for (Face f : img.faces()) {
        FacialArea a = f.area();
        out.writeInt(a.x());
        out.writeInt(a.y());
        out.writeInt(a.w());
        out.writeInt(a.h());
        Point[] points = {a.leftEye(), a.rightEye(), a.nose(), a.mouthLeft(), a.mouthRight()};
        int mask = 0;
        for (int i = 0; i < points.length; i++) {
          mask |= points[i] != null ? 1 << i : 0;
        }
        out.writeByte(mask);
        for (Point p : points) {
          if (p != null) {
            out.writeDouble(p.x());
            out.writeDouble(p.y());
          }
        }
        out.writeDouble(f.confidence());
        if (f.embedding().length != dimension) {
          throw new FindException("embedding of " + img.path() + " has " + f.embedding().length
              + " values, the cache " + dimension);
        }
        ChecksummedFiles.writeFloats(out, f.embedding(), 0, dimension, scratch);
      }
    }
  }

  /**
   * Reads a cache file and checks that it was made with {@code expectedKey}.
   *
   * @throws CorruptIndexException damaged, truncated, foreign, another version or another key
   * @throws IOException it cannot be read at all
   */
  static Contents read(Path file, String expectedKey) throws IOException {
    long fileSize = Files.size(file);
    return ChecksummedFiles.read(file, in -> {
      ChecksummedFiles.expectMagic(in, MAGIC, file, "DeepFace find cache");
      int version = in.readInt();
      if (version != VERSION) {
        throw new CorruptIndexException(file, "cache version " + version + " (this library reads version " + VERSION + ")");
      }
      String key = in.readUTF();
      if (!key.equals(expectedKey)) {
        throw new CorruptIndexException(file, "made with other options (" + key + ")");
      }
      String generation = in.readUTF();
      long writtenAt = in.readLong();
      int dimension = in.readInt();
      if (dimension < 0 || dimension > FaceIndex.MAX_DIMENSION) {
        throw new CorruptIndexException(file, "dimension " + dimension);
      }
      int n = in.readInt();
      if (n < 0 || n > fileSize / 50) {
        throw new CorruptIndexException(file, "entry count " + n + " does not fit in " + fileSize + " bytes");
      }
      Map<String, Image> images = new LinkedHashMap<>();
      byte[] scratch = new byte[Math.max(4, dimension * 4)];
      for (int i = 0; i < n; i++) {
        Image img = readImage(in, file, dimension, fileSize, scratch);
        if (images.put(img.path(), img) != null) {
          throw new CorruptIndexException(file, "image " + img.path() + " appears twice");
        }
      }
      return new Contents(key, generation, writtenAt, dimension, images);
    });
  }

  private static Image readImage(DataInputStream in, Path file, int dimension, long fileSize, byte[] scratch)
      throws IOException {
    String path = in.readUTF();
    long size = in.readLong();
    long mtime = in.readLong();
    byte[] sha = new byte[32];
    in.readFully(sha);
    long hashedAt = in.readLong();
    int s = in.readUnsignedByte();
    if (s >= Status.values().length) {
      throw new CorruptIndexException(file, "unknown status " + s + " for " + path);
    }
    Status status = Status.values()[s];
    String error = status == Status.FAILED ? in.readUTF() : null;
    List<Face> faces = new ArrayList<>();
    if (status == Status.FACES) {
      int count = in.readInt();
      if (count < 0 || count > MAX_FACES || (long) count * dimension * 4 > fileSize) {
        throw new CorruptIndexException(file, "face count " + count + " for " + path);
      }
      for (int i = 0; i < count; i++) {
        int x = in.readInt();
        int y = in.readInt();
        int w = in.readInt();
        int h = in.readInt();
        int mask = in.readUnsignedByte();
        Point[] points = new Point[5];
        for (int p = 0; p < 5; p++) {
          if ((mask & (1 << p)) != 0) {
            points[p] = new Point(in.readDouble(), in.readDouble());
          }
        }
        double confidence = in.readDouble();
        float[] e = new float[dimension];
        ChecksummedFiles.readFloats(in, e, 0, dimension, scratch);
        faces.add(new Face(new FacialArea(x, y, w, h, points[0], points[1], points[2], points[3], points[4]), confidence, e));
      }
    }
    return new Image(path, size, mtime, sha, hashedAt, status, error, faces);
  }
}
