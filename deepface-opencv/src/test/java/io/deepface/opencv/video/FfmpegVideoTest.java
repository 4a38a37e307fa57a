package io.deepface.opencv.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.deepface.image.RgbImage;
import io.deepface.opencv.video.PhotoClips.Placement;
import io.deepface.stream.VideoException;
import io.deepface.stream.VideoFrame;
import io.deepface.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FFmpeg video I/O: every container the writer offers reads back with its size, frame rate, frame count and
 * pixels; writing is atomic; a truncated file gives its frames then a typed error; unreadable files, unknown cameras,
 * refused and silent network sources fail with an error naming them, in bounded time.
 */
@Timeout(120)
class FfmpegVideoTest {
  @TempDir
  Path dir;

  /** A small clip of a real face moving, {@code frames} frames at 160x120, 10 fps. */
  private Path clip(String name, int frames) {
    RgbImage tile = PhotoClips.faceTile(TestData.lfw("Aaron_Sorkin", 1), 0.6, 60);
    RgbImage bg = PhotoClips.background(160, 120);
    Path file = dir.resolve(name);
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(file, 160, 120, 10)) {
      for (int i = 0; i < frames; i++) {
        w.write(PhotoClips.compose(bg, List.of(new Placement(tile, 5 + 3 * i, 30))));
      }
      assertThat(w.frames()).isEqualTo(frames);
    }
    return file;
  }

  private static List<VideoFrame> readAll(FfmpegVideoSource src) {
    List<VideoFrame> out = new ArrayList<>();
    VideoFrame f;
    while ((f = src.read()) != null) {
      out.add(f);
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"mp4", "mkv", "mov", "avi", "webm"})
  void writesAndReadsBack(String ext) {
    Path file = clip("clip." + ext, 20);
    try (FfmpegVideoSource src = FfmpegVideoSource.open(file.toString())) {
      assertThat(src.width()).isEqualTo(160);
      assertThat(src.height()).isEqualTo(120);
      assertThat(src.frameRate()).isEqualTo(10.0);
      assertThat(src.live()).isFalse();
      List<VideoFrame> frames = readAll(src);
      assertThat(frames).hasSize(20);
      for (int i = 0; i < frames.size(); i++) {
        assertThat(frames.get(i).index()).isEqualTo(i);
        assertThat(frames.get(i).timeSeconds()).isCloseTo(i / 10.0, org.assertj.core.data.Offset.offset(0.011));
      }
      // Lossy, but the picture survives: the background corner is within a few levels of what was written.
      int expected = PhotoClips.background(160, 120).rgbAt(150, 110);
      int got = frames.get(10).image().rgbAt(150, 110);
      for (int shift : new int[] {16, 8, 0}) {
        assertThat(Math.abs((got >> shift & 0xff) - (expected >> shift & 0xff))).isLessThan(20);
      }
      assertThat(src.read()).isNull();
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("clip." + ext); // no temporary file left
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anAbortedWriterLeavesNothing() throws IOException {
    Path target = dir.resolve("never.mp4");
    FfmpegVideoWriter w = FfmpegVideoWriter.create(target, 160, 120, 10);
    w.write(PhotoClips.background(160, 120));
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).singleElement().asString().startsWith(".never.mp4.");
    }
    w.abort();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.toList()).isEmpty();
    }
    assertThatThrownBy(() -> FfmpegVideoWriter.create(dir.resolve("x.gif2"), 160, 120, 10))
        .isInstanceOf(VideoException.class).hasMessageContaining("x.gif2").hasMessageContaining("unknown video format");
    assertThatThrownBy(() -> w.write(PhotoClips.background(160, 120))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aTruncatedFileGivesItsFramesThenATypedError() throws IOException {
    Path whole = clip("whole.mp4", 40);
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
    List<VideoFrame> frames = new ArrayList<>();
    try (FfmpegVideoSource src = FfmpegVideoSource.open(cut.toString())) {
      assertThat(src.frameCount()).isEqualTo(40);
      assertThatThrownBy(() -> {
        VideoFrame f;
        while ((f = src.read()) != null) {
          frames.add(f);
        }
      }).isInstanceOf(VideoException.class).hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
      assertThat(src.read()).isNull();
    }
    assertThat(frames.size()).isBetween(5, 35);
  }

  @Test
  void unreadableFilesAreNamed() throws IOException {
    Path junk = Files.write(dir.resolve("junk.mp4"), "this is not a video at all".repeat(100).getBytes());
    assertThatThrownBy(() -> FfmpegVideoSource.open(junk.toString())).isInstanceOf(VideoException.class)
        .hasMessageContaining(junk.toString()).hasMessageContaining("cannot read the file as video");
    Path missing = dir.resolve("missing.mp4");
    assertThatThrownBy(() -> FfmpegVideoSource.open(missing.toString())).isInstanceOf(VideoException.class)
        .hasMessage(missing + ": no such video file");
    assertThatThrownBy(() -> FfmpegVideoSource.open(dir.toString())).isInstanceOf(VideoException.class)
        .hasMessage(dir + ": not a file");
  }

  @Test
  void anUnknownCameraIsNamed() {
    assertThatThrownBy(() -> FfmpegVideoSource.open("camera:97")).isInstanceOf(VideoException.class)
        .hasMessage("camera:97: no such camera (/dev/video97 does not exist)")
        .extracting(e -> ((VideoException) e).source()).isEqualTo("camera:97");
    assertThatThrownBy(() -> FfmpegVideoSource.open("camera:/dev/null")).isInstanceOf(VideoException.class)
        .hasMessageStartingWith("camera:/dev/null: cannot open the stream or camera");
  }

  @Test
  void aRefusedConnectionFailsAtOnceAndHidesCredentials() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    for (String url : List.of("rtsp://user:secret@127.0.0.1:" + port + "/live", "http://127.0.0.1:" + port + "/v.mp4")) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> FfmpegVideoSource.open(url, Duration.ofSeconds(5))).isInstanceOf(VideoException.class)
          .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("cannot open the stream")
          .hasMessageNotContaining("secret");
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
    }
  }

  @Test
  void aSilentServerTimesOut() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(server.accept()); // accepts, never answers
          }
        } catch (IOException closed) {
          // The test is over.
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String url = "http://127.0.0.1:" + server.getLocalPort() + "/stream.mjpg";
      long start = System.nanoTime();
      assertThatThrownBy(() -> FfmpegVideoSource.open(url, Duration.ofSeconds(2))).isInstanceOf(VideoException.class)
          .hasMessageStartingWith(url + ": cannot open the stream");
      double took = (System.nanoTime() - start) / 1e9;
      assertThat(took).isBetween(1.5, 8.0);
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void readsAVideoServedOverHttp() throws IOException {
    Path file = clip("served.mp4", 15);
    byte[] bytes = Files.readAllBytes(file);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v.mp4", ex -> {
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    try (FfmpegVideoSource src = FfmpegVideoSource.open("http://127.0.0.1:" + server.getAddress().getPort() + "/v.mp4")) {
      assertThat(src.live()).isFalse(); // a file over HTTP: its length is known, it waits for the reader
      assertThat(readAll(src)).hasSize(15);
    } finally {
      server.stop(0);
    }
  }
}
