package io.deepface.onnx.find;

import io.deepface.FaceEngine;
import io.deepface.find.FindOptions;
import io.deepface.find.Gallery;
import io.deepface.model.ModelRepository;
import io.deepface.spi.BackendRegistry;
import io.deepface.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Engines over the real models of the shared folder, and LFW galleries copied into temporary folders. */
final class FindTestSupport {
  /** The embedder the find tests use: MobileFaceNet, about ten times faster than faceplugin-512 here. */
  static final String MODEL = "mobilefacenet-128";
  private static CountingBackend sharedBackend;
  private static FaceEngine sharedEngine;

  private FindTestSupport() {}

  static ModelRepository repository() {
    return ModelRepository.builder().modelPath(List.of(TestData.modelsDir()))
        .cacheDir(Path.of("target/deepface-home/models")).offline(true).build();
  }

  /** A new engine whose model calls are counted by {@code backend}. */
  static FaceEngine engine(CountingBackend backend) {
    return FaceEngine.builder().registry(BackendRegistry.of(List.of(backend))).models(repository()).build();
  }

  /** One counting engine shared by the tests of this JVM (models load once); reset its counters per test. */
  static synchronized FaceEngine sharedEngine() {
    if (sharedEngine == null) {
      sharedBackend = new CountingBackend();
      sharedEngine = engine(sharedBackend);
    }
    return sharedEngine;
  }

  static synchronized CountingBackend sharedCounter() {
    sharedEngine();
    return sharedBackend;
  }

  /** Every LFW identity of lfw-dev with its images, sorted by name and file. */
  static Map<String, List<Path>> lfwIdentities() {
    Path root = TestData.datasetsDir().resolve("lfw-dev/images");
    Map<String, List<Path>> out = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.sorted().toList()) {
        try (Stream<Path> files = Files.list(d)) {
          List<Path> imgs = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
          if (!imgs.isEmpty()) {
            out.put(d.getFileName().toString(), imgs);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Copies {@code source} to {@code dir/name} and dates it a minute back, as a file copied earlier would be. */
  static Path copy(Path source, Path dir, String name) {
    try {
      Path target = dir.resolve(name);
      Files.createDirectories(target.getParent());
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      Files.setLastModifiedTime(target, FileTime.from(Instant.now().minusSeconds(60)));
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The images the folder's cache holds now, read through a gallery that does not sync. */
  static int cachedImages(FaceEngine engine, Path dir, FindOptions options) {
    try (Gallery g = Gallery.open(engine, dir, options.toBuilder().refresh(false).build())) {
      float[] any = new float[engine.dimension(options.face())];
      any[0] = 1;
      g.search(any);
      return g.imageCount();
    }
  }

  /** The first image of each of the first {@code count} identities with at least two images. */
  static List<Path> galleryOf(int count) {
    List<Path> out = new ArrayList<>();
    for (List<Path> imgs : lfwIdentities().values()) {
      if (imgs.size() >= 2 && out.size() < count) {
        out.add(imgs.get(0));
      }
    }
    return out;
  }
}
