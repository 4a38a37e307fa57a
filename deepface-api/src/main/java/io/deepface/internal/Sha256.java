package io.deepface.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The library's one SHA-256 helper (model checksums, converted-model stamps, gallery image hashes, cache file
 * names). Internal: not part of the supported API.
 */
public final class Sha256 {
  private Sha256() {}

  /** A new SHA-256 digest; every Java platform has one. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /** The SHA-256 of {@code data}. */
  public static byte[] of(byte[] data) {
    return digest().digest(data);
  }

  /** The SHA-256 of a file's bytes, streamed (the file is never held in memory whole). */
  public static byte[] of(Path file) throws IOException {
    MessageDigest digest = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
    }
    return digest.digest();
  }

  /** Lower-case hex of a digest. */
  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
