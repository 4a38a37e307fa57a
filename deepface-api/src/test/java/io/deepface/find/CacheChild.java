package io.deepface.find;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs in a separate JVM for {@link GalleryCacheTest}: {@code crash FILE KEY} writes a new cache and dies
 * (Runtime.halt, no cleanup) between the complete temporary file and the rename; {@code append FILE KEY PREFIX N}
 * adds N entries one at a time, each a locked read-modify-write of the whole file.
 */
public final class CacheChild {
  private CacheChild() {}

  @SuppressWarnings("try") // the lock is held by the try block, not used in it
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[1]);
    String key = args[2];
    switch (args[0]) {
      case "crash" -> {
        GalleryCache.Contents old = GalleryCache.read(file, key);
        Map<String, GalleryCache.Image> images = new LinkedHashMap<>(old.images());
        images.put("new.jpg", GalleryCacheTest.noFace("new.jpg"));
        GalleryCache.write(file, new GalleryCache.Contents(key, "g2", System.currentTimeMillis(), old.dimension(), images),
            tmp -> Runtime.getRuntime().halt(42));
      }
      case "append" -> {
        int n = Integer.parseInt(args[4]);
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        for (int i = 0; i < n; i++) {
          try (GalleryLock lock = GalleryLock.acquire(lockFile)) {
            Map<String, GalleryCache.Image> images = new LinkedHashMap<>();
            int dim = 4;
            if (Files.exists(file)) {
              GalleryCache.Contents c = GalleryCache.read(file, key);
              images.putAll(c.images());
            }
            String path = args[3] + i + ".jpg";
            images.put(path, GalleryCacheTest.withFaces(path, dim, 1));
            Thread.sleep(2); // widen the read-modify-write window
            GalleryCache.write(file, new GalleryCache.Contents(key, "g" + i, System.currentTimeMillis(), dim, images));
          }
        }
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.exit(0);
  }
}
