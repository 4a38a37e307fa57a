package io.deepface.model.convert;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** Finds a converter's source file by the name another source refers to it by. */
final class SourceFiles {
  private SourceFiles() {}

  /**
   * Looks a path of a weights manifest (such as {@code gear.bin} or {@code ./gear.bin}) up among {@code files} by
   * its file name.
   */
  static Function<String, Path> byName(List<Path> files) {
    return ref -> {
      String name = ref.substring(Math.max(ref.lastIndexOf('/'), ref.lastIndexOf('\\')) + 1);
      for (Path f : files) {
        if (f.getFileName().toString().equals(name)) {
          return f;
        }
      }
      throw new IllegalArgumentException("the weights manifest names " + ref + ", which is not among the conversion's"
          + " sources " + files.stream().map(p -> p.getFileName().toString()).toList());
    };
  }
}
