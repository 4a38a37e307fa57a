package io.deepface.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of model files, remembered per (path, size, modification time) so a file is hashed once per JVM; the
 * hashing itself is {@link io.deepface.internal.Sha256}'s.
 */
final class FileHashes {
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
    String hex = io.deepface.internal.Sha256.hex(io.deepface.internal.Sha256.of(real));
    known.put(key, hex);
    return hex;
  }
}
