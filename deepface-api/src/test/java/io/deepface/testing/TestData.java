package io.deepface.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the read-only {@code shared/} folder (models and datasets) that sits beside the checkout, as
 * it does in CI. Shared by every module's tests through deepface-api's test jar.
 *
 * <p>Lookup: system property {@code deepface.test.shared}, then environment variable
 * {@code DEEPFACE_TEST_SHARED}, then the first ancestor of the working directory that has a
 * {@code shared/models} folder.
 */
public final class TestData {
  private static volatile Path shared;

  private TestData() {}

  public static Path sharedDir() {
    Path s = shared;
    if (s == null) {
      s = locate();
      shared = s;
    }
    return s;
  }

  private static Path locate() {
    String explicit = System.getProperty("deepface.test.shared", System.getenv("DEEPFACE_TEST_SHARED"));
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath().normalize();
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("shared/models"))) {
        return d.resolve("shared");
      }
    }
    throw new IllegalStateException("Cannot find the shared/ folder with models and datasets above "
        + Path.of("").toAbsolutePath() + "; set -Ddeepface.test.shared=/path/to/shared");
  }

  public static Path modelsDir() {
    return sharedDir().resolve("models");
  }

  public static Path datasetsDir() {
    return sharedDir().resolve("datasets");
  }

  /** {@code lfw-dev/images/NAME/NAME_000N.jpg}. */
  public static Path lfw(String name, int index) {
    return datasetsDir().resolve(String.format("lfw-dev/images/%s/%s_%04d.jpg", name, name, index));
  }

  /** {@code lfw-dev/images/NAME/FILE} from the file name alone, for example {@code Colin_Powell_0071.jpg}. */
  public static Path lfw(String file) {
    String name = file.substring(0, file.lastIndexOf('_'));
    return datasetsDir().resolve("lfw-dev/images").resolve(name).resolve(file);
  }

  public static Path astronaut() {
    return datasetsDir().resolve("misc/astronaut.png");
  }

  public static Path faceapi(String file) {
    return datasetsDir().resolve("faceapi-examples").resolve(file);
  }

  /** A test resource of the module running the tests, as a path. */
  public static Path resource(Class<?> anchor, String name) {
    try {
      return Path.of(anchor.getResource(name).toURI());
    } catch (Exception e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }

  /** One LFW pair from {@code pairs.txt}. */
  public record LfwPair(int fold, Path first, Path second, boolean same) {}

  /** All pairs of {@code lfw-dev/pairs.txt}, folds numbered from 1, in file order. */
  public static List<LfwPair> lfwPairs() {
    Path file = datasetsDir().resolve("lfw-dev/pairs.txt");
    try {
      List<String> lines = Files.readAllLines(file);
      String[] header = lines.get(0).trim().split("\\s+");
      int folds = Integer.parseInt(header[0]);
      int perHalf = Integer.parseInt(header[1]);
      List<LfwPair> pairs = new ArrayList<>();
      int line = 1;
      for (int f = 1; f <= folds; f++) {
        for (int i = 0; i < 2 * perHalf; i++, line++) {
          String[] p = lines.get(line).trim().split("\\s+");
          if (p.length == 3) {
            pairs.add(new LfwPair(f, lfw(p[0], Integer.parseInt(p[1])), lfw(p[0], Integer.parseInt(p[2])), true));
          } else {
            pairs.add(new LfwPair(f, lfw(p[0], Integer.parseInt(p[1])), lfw(p[2], Integer.parseInt(p[3])), false));
          }
        }
      }
      return pairs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
