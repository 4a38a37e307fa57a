package io.deepface.onnx.find;

import io.deepface.find.FindOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.testing.TestData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes running find on one folder at once: one indexes, the other waits and reuses its cache. */
class TwoProcessFindTest {
  @Test
  void twoProcessesSyncingOneFolderAtOnceEmbedEachImageOnceAndLeaveASoundCache(@TempDir Path dir,
      @TempDir Path control) throws Exception {
    Path go = control.resolve("go");
    List<Path> photos = FindTestSupport.galleryOf(12);
    for (int i = 0; i < photos.size(); i++) {
      FindTestSupport.copy(photos.get(i), dir, "p" + i + ".jpg");
    }
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Ddeepface.test.shared=" + TestData.sharedDir(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
          "-cp", System.getProperty("java.class.path"), GalleryChild.class.getName(), dir.toString(), go.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }
    // Both have loaded their models: start them together, so that one must wait for the other's lock.
    List<BufferedReader> outs = new ArrayList<>();
    for (Process p : children) {
      BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertThat(r.readLine()).isEqualTo("ready");
      outs.add(r);
    }
    Files.createFile(go);
    int detections = 0;
    for (int i = 0; i < children.size(); i++) {
      Process p = children.get(i);
      assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
      String out = String.valueOf(outs.get(i).readLine()).strip();
      assertThat(p.exitValue()).as(out).isZero();
      String[] parts = out.split(" ");
      assertThat(Integer.parseInt(parts[0])).isEqualTo(12);
      detections += Integer.parseInt(parts[1]);
    }
    assertThat(detections).as("each image detected and embedded by one process only").isEqualTo(12);
    assertThat(FindTestSupport.cachedImages(FindTestSupport.sharedEngine(), dir,
        FindOptions.builder().model(FindTestSupport.MODEL).threshold(0.5).build())).isEqualTo(12);
  }
}
