package io.deepface.find;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the images of a gallery folder, subfolders included, with their size and modification time: every file
 * whose extension is one of {@link #EXTENSIONS} (symbolic links followed, dangling ones skipped),
 * except inside the gallery's own store folders. Paths are relative to the folder, {@code /}-separated.
 */
final class GalleryScanner {
  private static final Logger LOG = LoggerFactory.getLogger("io.deepface.find.Gallery");

  /** File extensions (lower case) of the images a gallery indexes. */
  static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff");

  /** Size and modification time of one image file. */
  record Stat(long size, long mtimeNanos) {}

  private final Path folder;
  private final String storePrefix;

  /**
   * @param folder the gallery folder, absolute and normalised
   * @param storePrefix folders directly named with this prefix hold the gallery's stores and are not scanned
   */
  GalleryScanner(Path folder, String storePrefix) {
    this.folder = folder;
    this.storePrefix = storePrefix;
  }

  /** The images now in the folder, by relative path, sorted. */
  Map<String, Stat> scan() {
    Map<String, Stat> out = new TreeMap<>();
    try {
      Files.walkFileTree(folder, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          boolean store = dir.getFileName() != null && dir.getFileName().toString().startsWith(storePrefix);
          return store && !dir.equals(folder) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (!isImage(file)) {
            return FileVisitResult.CONTINUE;
          }
          BasicFileAttributes a = attrs;
          if (a.isSymbolicLink()) {
            try {
              a = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (IOException e) {
              return FileVisitResult.CONTINUE; // a dangling link
            }
          }
          if (a.isRegularFile()) {
            out.put(relative(file), new Stat(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          LOG.warn("Skipping {} in the gallery: {}", file, e.toString());
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new FindException("Cannot list the gallery folder " + folder + ": " + e, e);
    }
    return out;
  }

  static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private String relative(Path file) {
    String rel = folder.relativize(file).toString();
    String separator = file.getFileSystem().getSeparator();
    return separator.equals("/") ? rel : rel.replace(separator, "/");
  }
}
