package io.deepface.find;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.FaceEngine;
import io.deepface.image.ImageInput;
import io.deepface.spi.BackendRegistry;
import io.deepface.testing.CaptureLogs;
import io.deepface.testing.LogCapture;
import io.deepface.testing.StubBackend;
import io.deepface.testing.TestEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gallery cache survives a crash between writing its temporary file and renaming it, with a stub backend
 * (model-free): one face in the middle of every image, embedded as its colour.
 */
@ExtendWith(CaptureLogs.class)
class GalleryCrashTest {
  private final StubBackend stub = new StubBackend();
  private final FaceEngine engine = FaceEngine.builder().registry(BackendRegistry.of(List.of(stub)))
      .models(TestEngines.repository()).build();
  private final FindOptions options = FindOptions.builder().detector("stub").model("stub").threshold(5).build();

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    engine.close();
  }

  private void photo(String name, int grey) throws IOException {
    Path file = dir.resolve(name);
    ImageIO.write(StubBackend.plain(64, 64, grey, 255 - grey, grey / 2).toBufferedImage(), "png", file.toFile());
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aCrashBetweenWritingAndRenamingTheCacheKeepsTheOldCacheAndAStrayTemporaryFileIsCleaned(LogCapture log) throws IOException {
    log.expectWarning("simulated crash before the rename; it is kept in memory only");
    stub.faces = img -> List.of(StubBackend.face(16, 16, 32, 32, 0.9));
    for (int i = 0; i < 3; i++) {
      photo("p" + i + ".png", 40 * i);
    }
    try (Gallery g = Gallery.open(engine, dir, options)) {
      g.sync();
      byte[] before = Files.readAllBytes(g.cacheFile());
      photo("p3.png", 200);
      g.beforeRename = tmp -> {
        throw new IOException("simulated crash before the rename");
      };
      SyncReport report = g.sync();
      assertThat(report.problem()).contains("simulated crash");
      assertThat(report.added()).containsExactly("p3.png"); // searchable from memory
      assertThat(g.find(ImageInput.of(dir.resolve("p3.png"))).get(0).get(0).identity()).endsWith("p3.png");
      assertThat(Files.readAllBytes(g.cacheFile())).isEqualTo(before);
      assertThat(files()).noneMatch(n -> n.contains(ChecksummedFiles.TEMP_INFIX));

      // A process killed after writing its temporary file leaves it behind (see GalleryCacheTest for a real kill).
      Path stray = g.cacheFile().resolveSibling(g.cacheFile().getFileName() + ChecksummedFiles.TEMP_INFIX + "999-dead");
      Files.write(stray, Arrays.copyOf(before, before.length / 2));
    }
    int detections = stub.detections.get();
    try (Gallery g = Gallery.open(engine, dir, options)) {
      SyncReport report = g.sync();
      assertThat(report.cacheRebuilt()).isFalse();
      assertThat(report.added()).containsExactly("p3.png"); // the write that "crashed" is redone
      assertThat(stub.detections.get() - detections).isEqualTo(1);
      assertThat(files()).noneMatch(n -> n.contains(ChecksummedFiles.TEMP_INFIX));
    }
  }

  /** The same components from two backends may differ (onnx's and opencv's yunet run different models). */
  @Test
  void eachBackendHasItsOwnCacheFile() {
    try (FaceEngine other = FaceEngine.builder().registry(BackendRegistry.of(List.of(new StubBackend("other"))))
        .models(TestEngines.repository()).build();
        Gallery a = Gallery.open(engine, dir, options);
        Gallery b = Gallery.open(other, dir, options);
        Gallery again = Gallery.open(engine, dir, options)) {
      assertThat(a.cacheFile()).isNotEqualTo(b.cacheFile());
      assertThat(again.cacheFile()).isEqualTo(a.cacheFile());
      assertThat(engine.provenance(options.face())).isEqualTo("detector=stub,embedder=stub");
    }
  }
}
