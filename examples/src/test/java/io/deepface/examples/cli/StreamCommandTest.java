package io.deepface.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepface.opencv.video.FfmpegVideoSource;
import io.deepface.opencv.video.FfmpegVideoWriter;
import io.deepface.opencv.video.PhotoClips;
import io.deepface.opencv.video.PhotoClips.Placement;
import io.deepface.image.RgbImage;
import io.deepface.stream.VideoFrame;
import io.deepface.testing.TestData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import io.deepface.testing.CaptureLogs;
import io.deepface.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepface stream}: JSON lines, the annotated video, progress, and the faults a video source has. */
@Timeout(180)
class StreamCommandTest {
  @TempDir
  static Path dir;
  static Path gallery;
  static Path clip;

  /** Colin Powell crossing the frame for 2 s, then Jennifer Garner; 160x120... made from their LFW photos. */
  @BeforeAll
  static void make() throws IOException {
    gallery = Files.createDirectories(dir.resolve("gallery"));
    List<Path> a = photos("Colin_Powell");
    List<Path> b = photos("Jennifer_Garner");
    for (Path p : List.of(a.get(0), a.get(1), b.get(0), b.get(1))) {
      Files.copy(p, gallery.resolve(p.getFileName()));
    }
    RgbImage ta = PhotoClips.faceTile(a.get(4), 0.6, 120);
    RgbImage tb = PhotoClips.faceTile(b.get(4), 0.6, 120);
    RgbImage bg = PhotoClips.background(320, 240);
    clip = dir.resolve("clip.mp4");
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(clip, 320, 240, 15)) {
      for (int i = 0; i < 50; i++) {
        List<Placement> p = new ArrayList<>();
        if (i < 22) {
          p.add(new Placement(ta, 20 + 5 * i, 60));
        } else if (i >= 28) {
          p.add(new Placement(tb, 180 - 5 * (i - 28), 60));
        }
        w.write(PhotoClips.compose(bg, p));
      }
    }
  }

  static List<Path> photos(String person) throws IOException {
    try (Stream<Path> s = Files.list(TestData.datasetsDir().resolve("lfw-dev/images").resolve(person))) {
      return s.sorted().toList();
    }
  }

  static List<JsonNode> lines(String text) throws IOException {
    ObjectMapper m = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        out.add(m.readTree(line));
      }
    }
    return out;
  }

  static long frames(Path video) {
    try (FfmpegVideoSource s = FfmpegVideoSource.open(video.toString())) {
      long n = 0;
      VideoFrame f;
      while ((f = s.read()) != null) {
        n++;
      }
      return n;
    }
  }

  @Test
  void eventsAsJsonLinesAndAnAnnotatedVideo() throws IOException {
    Path out = dir.resolve("annotated.mp4");
    CliRunner.Result r = CliRunner.run("stream", clip.toString(), "--gallery", gallery.toString(), "--out",
        out.toString(), "--detect-every", "2", "--actions", "age,gender");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> ev = lines(r.out());
    for (int track : new int[] {1, 2}) {
      assertThat(ev.stream().filter(n -> n.get("track").asInt() == track).map(n -> n.get("event").asText()))
          .as("track %d", track).startsWith("track_started").endsWith("track_ended")
          .contains("identified", "attributes").containsOnlyOnce("track_started", "identified", "track_ended");
    }
    assertThat(ev.stream().map(n -> n.get("track").asInt()).distinct()).containsExactly(1, 2);
    for (JsonNode n : ev) {
      assertThat(n.has("track") && n.has("frame") && n.has("time_s")).as(n.toString()).isTrue();
    }
    List<JsonNode> identified = ev.stream().filter(n -> n.get("event").asText().equals("identified")).toList();
    assertThat(identified).hasSize(2);
    assertThat(identified.get(0).get("identity").asText()).contains("Colin_Powell");
    assertThat(identified.get(1).get("identity").asText()).contains("Jennifer_Garner");
    assertThat(identified.get(0).get("distance").asDouble()).isLessThan(identified.get(0).get("threshold").asDouble());
    assertThat(identified.get(0).get("confidence").asDouble()).isBetween(50.0, 100.0);
    JsonNode attrs = ev.stream().filter(n -> n.get("event").asText().equals("attributes")).findFirst().orElseThrow();
    assertThat(attrs.get("dominant_gender").asText()).isEqualTo("Man");
    JsonNode lastEnd = ev.get(ev.size() - 1);
    assertThat(lastEnd.get("event").asText()).isEqualTo("track_ended");
    assertThat(lastEnd.get("frame").asLong()).isEqualTo(49);
    assertThat(lastEnd.get("first_frame").asLong()).isBetween(28L, 30L);
    assertThat(lastEnd.get("identity").asText()).contains("Jennifer_Garner");
    assertThat(r.err()).contains("frames 50/50 (100%)").contains("2 tracks");
    assertThat(frames(out)).isEqualTo(50);
  }

  @Test
  @ExtendWith(CaptureLogs.class)
  void aTruncatedVideoIsProcessedAsFarAsItGoesAndReported(LogCapture log) throws IOException {
    log.expectWarning("the video ended after");
    byte[] bytes = Files.readAllBytes(clip);
    Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
    Path out = dir.resolve("partial.mkv");
    Path events = dir.resolve("events.jsonl");
    CliRunner.Result r = CliRunner.run("stream", cut.toString(), "--out", out.toString(), "--events",
        events.toString(), "--actions", "none", "--no-progress");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains(cut.toString()).contains("truncated").contains(out + " holds the frames before it");
    assertThat(r.out()).isEmpty();
    List<JsonNode> ev = lines(Files.readString(events));
    assertThat(ev).extracting(n -> n.get("event").asText()).startsWith("track_started").endsWith("track_ended");
    long written = frames(out);
    assertThat(written).isBetween(10L, 49L);
  }

  @Test
  void sourcesThatCannotBeOpenedAreNamedAndNothingIsWritten() throws IOException {
    Path out = dir.resolve("never.mp4");
    Path junk = Files.write(dir.resolve("junk.avi"), new byte[5000]);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    for (String source : List.of(junk.toString(), dir.resolve("missing.mp4").toString(), "camera:96",
        "rtsp://127.0.0.1:" + port + "/cam")) {
      long start = System.nanoTime();
      CliRunner.Result r = CliRunner.run("stream", source, "--out", out.toString(), "--timeout", "3");
      assertThat(r.exitCode()).as(source).isEqualTo(3);
      assertThat(r.err()).as(source).startsWith("error: " + source + ": ");
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("never"));
    }
    CliRunner.Result bad = CliRunner.run("stream", clip.toString(), "--detect-every", "0");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("detectEvery must be at least 1");
  }
}
