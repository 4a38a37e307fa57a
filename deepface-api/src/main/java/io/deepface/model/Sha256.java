package io.deepface.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** SHA-256 of files, remembered per (path, size, modification time) so a file is hashed once per JVM. */
final class Sha256 {
  private record Key(Path path, long size, long modified) {}

  private final Map<Key, String> known = new ConcurrentHashMap<>();

  String of(Path file) throws IOException {
    Path real = file.toAbsolutePath().normalize();
    BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
    Key key = new Key(real, attrs.size(), attrs.lastModifiedTime().toMillis());
    String cached = known.get(key);
    if (cached != null) {
      return cached;
    }
    MessageDigest digest = newDigest();
    try (InputStream in = Files.newInputStream(real)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
    }
    String hex = HexFormat.of().formatHex(digest.digest());
    known.put(key, hex);
    return hex;
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
