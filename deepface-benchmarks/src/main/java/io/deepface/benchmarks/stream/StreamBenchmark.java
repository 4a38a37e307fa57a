package io.deepface.benchmarks.stream;

import io.deepface.FaceEngine;
import io.deepface.benchmarks.CommandLine;
import io.deepface.find.FindOptions;
import io.deepface.image.RgbImage;
import io.deepface.opencv.video.FfmpegVideoSource;
import io.deepface.opencv.video.FfmpegVideoWriter;
import io.deepface.opencv.video.PhotoClips;
import io.deepface.opencv.video.PhotoClips.Placement;
import io.deepface.stream.FaceStream;
import io.deepface.stream.FrameResult;
import io.deepface.stream.GalleryRecognizer;
import io.deepface.stream.PacedSource;
import io.deepface.stream.StreamOptions;
import io.deepface.stream.StreamStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Stream analysis speed: frames per second over a video file at 640x480 and 1280x720 with detection on every frame
 * and on every 3rd and 5th (tracking in between), and, for a live source replayed at 30 fps, the latency from a
 * frame's due time to its result (p50, p99) and the frames dropped. The videos are made from LFW photos (one face for
 * the first half, two for the second, moving), at 30 fps; every track is recognised against a gallery of both
 * people and analysed (age, gender, emotion), with the default models.
 *
 * <pre>
 * java -cp ... io.deepface.benchmarks.stream.StreamBenchmark --lfw ../shared/datasets/lfw-dev --out target/report
 *     [--seconds 5] [--live-seconds 10]
 * </pre>
 *
 * Writes {@code stream.md} in the output folder and prints it.
 */
public final class StreamBenchmark {
  private static final String A = "Colin_Powell";
  private static final String B = "Jennifer_Garner";
  private static final double FPS = 30;

  private StreamBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = CommandLine.parse(args);
    Path lfw = Path.of(opts.getOrDefault("lfw", "../shared/datasets/lfw-dev"));
    Path out = Path.of(opts.getOrDefault("out", "target/benchmark-report"));
    double seconds = Double.parseDouble(opts.getOrDefault("seconds", "5"));
    double liveSeconds = Double.parseDouble(opts.getOrDefault("live-seconds", "10"));
    Files.createDirectories(out);
    Path work = Files.createTempDirectory(out, "stream-");
    StringBuilder md = new StringBuilder();
    try (FaceEngine engine = FaceEngine.create()) {
      Path gallery = gallery(lfw, work.resolve("gallery"));
      try (GalleryRecognizer recognizer = GalleryRecognizer.open(engine, gallery, FindOptions.defaults())) {
        StreamOptions base = StreamOptions.builder().recognizer(recognizer).build();
        int[][] sizes = {{640, 480}, {1280, 720}};
        List<Path> clips = new ArrayList<>();
        for (int[] s : sizes) {
          clips.add(clip(lfw, work.resolve("clip-" + s[0] + "x" + s[1] + ".mp4"), s[0], s[1], (int) (seconds * FPS)));
        }
        // Warm-up: every model loads and the JIT compiles before anything is timed.
        run(engine, clips.get(0), base.toBuilder().detectEvery(1).build());

        md.append("## Stream analysis\n\n").append(String.format(Locale.ROOT,
            "%s, %d processors, load average before: %s. Video: %.0f s at %.0f fps (one face, then two), H.264; "
                + "recognition against a gallery of %d faces, age, gender and emotion per track; default models "
                + "(retinaface-yunet, fusion).%n%n",
            java.time.Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC",
            Runtime.getRuntime().availableProcessors(), load(), seconds, FPS, recognizer.syncReport().faces()));
        md.append("| video | detectEvery | frames | fps (file, every frame) | ms per frame |\n|---|---|---|---|---|\n");
        for (int i = 0; i < sizes.length; i++) {
          for (int k : new int[] {1, 3, 5}) {
            StreamStats st = run(engine, clips.get(i), base.toBuilder().detectEvery(k).build());
            md.append(String.format(Locale.ROOT, "| %dx%d | %d | %d | %.1f | %.1f |%n", sizes[i][0], sizes[i][1], k,
                st.framesAnalysed(), st.fps(), 1000 * st.elapsedSeconds() / st.framesAnalysed()));
            System.err.println(md.substring(md.lastIndexOf("| " + sizes[i][0])));
          }
        }
        md.append("\nLive source (the video replayed at 30 fps, queue of 2 frames; latency from a frame's due time to "
            + "its result):\n\n| video | detectEvery | frames delivered | analysed | dropped | analysed fps | "
            + "latency p50 | latency p99 |\n|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < sizes.length; i++) {
          Path longer = clip(lfw, work.resolve("live-" + sizes[i][0] + ".mp4"), sizes[i][0], sizes[i][1],
              (int) (liveSeconds * FPS));
          for (int k : new int[] {1, 3, 5}) {
            md.append(live(engine, longer, base.toBuilder().detectEvery(k).build(), sizes[i]));
            System.err.println(md.substring(md.lastIndexOf("| " + sizes[i][0])));
          }
        }
        md.append(String.format(Locale.ROOT, "%nLoad average after: %s.%n", load()));
      }
    } finally {
      try (Stream<Path> s = Files.walk(work)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.writeString(out.resolve("stream.md"), md.toString());
    System.out.println(md);
  }

  private static StreamStats run(FaceEngine engine, Path clip, StreamOptions options) {
    try (FaceStream s = FaceStream.open(engine, FfmpegVideoSource.open(clip.toString()), options)) {
      long n = 0;
      while (s.hasNext()) {
        s.next();
        n++;
      }
      if (s.stats().error() != null) {
        throw new IllegalStateException("video failed", s.stats().error());
      }
      return s.stats();
    }
  }

  private static String live(FaceEngine engine, Path clip, StreamOptions options, int[] size) {
    PacedSource paced = new PacedSource(FfmpegVideoSource.open(clip.toString()), FPS);
    List<Double> latencies = new ArrayList<>();
    StreamStats st;
    try (FaceStream s = FaceStream.open(engine, paced, options)) {
      while (s.hasNext()) {
        FrameResult r = s.next();
        latencies.add((System.nanoTime() - paced.dueNanos(r.frame().index())) / 1e6);
      }
      st = s.stats();
    }
    double[] l = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format(Locale.ROOT, "| %dx%d | %d | %d | %d | %d | %.1f | %.0f ms | %.0f ms |%n", size[0], size[1],
        options.detectEvery(), st.framesRead(), st.framesAnalysed(), st.framesDropped(), st.fps(),
        percentile(l, 0.5), percentile(l, 0.99));
  }

  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String load() {
    try {
      return String.join(", ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static List<Path> photos(Path lfw, String person) throws IOException {
    try (Stream<Path> s = Files.list(lfw.resolve("images").resolve(person))) {
      return s.sorted().toList();
    }
  }

  private static Path gallery(Path lfw, Path dir) throws IOException {
    for (String p : List.of(A, B)) {
      Path d = Files.createDirectories(dir.resolve(p));
      for (Path photo : photos(lfw, p).subList(0, 3)) {
        Files.copy(photo, d.resolve(photo.getFileName()));
      }
    }
    return dir;
  }

  /** One face moving for the first half, two for the second; tiles a third of the frame's height. */
  private static Path clip(Path lfw, Path file, int w, int h, int frames) throws IOException {
    int tile = h / 3;
    RgbImage a = PhotoClips.faceTile(photos(lfw, A).get(4), 0.6, tile);
    RgbImage b = PhotoClips.faceTile(photos(lfw, B).get(4), 0.6, tile);
    RgbImage bg = PhotoClips.background(w, h);
    try (FfmpegVideoWriter out = FfmpegVideoWriter.create(file, w, h, FPS)) {
      for (int i = 0; i < frames; i++) {
        double phase = 2 * Math.PI * i / (FPS * 4);
        List<Placement> p = new ArrayList<>();
        p.add(new Placement(a, (int) (w * 0.05 + (w * 0.35 - tile / 2.0) * (1 + Math.sin(phase)) / 2),
            (int) (h * 0.1 + h * 0.2 * (1 + Math.cos(phase)) / 2)));
        if (i >= frames / 2) {
          p.add(new Placement(b, (int) (w * 0.55 + (w * 0.4 - tile) * (1 + Math.cos(phase)) / 2),
              (int) (h * 0.4 + h * 0.15 * (1 + Math.sin(phase)) / 2)));
        }
        out.write(PhotoClips.compose(bg, p));
      }
    }
    return file;
  }
}
