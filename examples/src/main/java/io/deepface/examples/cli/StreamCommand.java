package io.deepface.examples.cli;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.analysis.FaceAttribute;
import io.deepface.examples.json.Json;
import io.deepface.examples.json.ResultJson;
import io.deepface.find.FindOptions;
import io.deepface.opencv.video.FfmpegVideoSource;
import io.deepface.opencv.video.FfmpegVideoWriter;
import io.deepface.stream.FaceStream;
import io.deepface.stream.FrameResult;
import io.deepface.stream.GalleryRecognizer;
import io.deepface.stream.StreamAnnotator;
import io.deepface.stream.StreamEvent;
import io.deepface.stream.StreamOptions;
import io.deepface.stream.StreamStats;
import io.deepface.stream.VideoException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "stream", mixinStandardHelpOptions = true, description = {
    "Faces in a video file, a network stream or a camera, tracked, recognised and analysed (DeepFace's stream).",
    "Prints one JSON object per line for each event: track_started, identified (identity, distance, confidence),",
    "attributes (smoothed age, gender, emotion...) and track_ended (duration, frames), each with event, track,",
    "frame and time_s. Progress and a summary go to stderr. Exit code 3 when the source cannot be opened or fails",
    "part way (what was read is still processed and written)."})
final class StreamCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SOURCE",
      description = "a video file (mp4, mkv, avi, webm...), a URL (rtsp://, http://...) or a camera (camera:0, "
          + "camera:/dev/video2)")
  String source;

  @Option(names = "--gallery", paramLabel = "DIR", description = "folder of photos of known people (as for find)")
  Path gallery;

  @Option(names = "--out", paramLabel = "FILE",
      description = "write the annotated video (.mp4, .mkv, .mov, .avi or .webm); written to a temporary file and "
          + "renamed when complete")
  Path out;

  @Option(names = "--events", paramLabel = "FILE", description = "write the JSON lines to FILE instead of stdout")
  Path events;

  @Option(names = "--detect-every", paramLabel = "K", defaultValue = "1",
      description = "run the detector on every K-th frame, track in between (default: ${DEFAULT-VALUE})")
  int detectEvery;

  @Option(names = "--frame-threshold", paramLabel = "N", defaultValue = "5",
      description = "frames a face must be in view before it is recognised and analysed (default: ${DEFAULT-VALUE})")
  int frameThreshold;

  @Option(names = "--recheck-seconds", paramLabel = "S", defaultValue = "5",
      description = "recognise a track again every S seconds (default: ${DEFAULT-VALUE})")
  double recheckSeconds;

  @Option(names = "--actions", paramLabel = "LIST", defaultValue = "age,gender,emotion",
      description = "attributes per track: age, gender, emotion, race... or none (default: ${DEFAULT-VALUE})")
  String actions;

  @Option(names = "--anti-spoofing", description = "check every track for spoofing (fake tracks are not recognised)")
  boolean antiSpoofing;

  @Option(names = "--target-fps", paramLabel = "FPS", defaultValue = "0",
      description = "analyse at most FPS frames per second of video, skipping the others (default: every frame)")
  double targetFps;

  @Option(names = "--max-frames", paramLabel = "N", defaultValue = "0",
      description = "stop after N analysed frames (for cameras and streams; default: until the source ends)")
  long maxFrames;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "give up opening or reading a stream or camera after this long (default: ${DEFAULT-VALUE})")
  double timeout;

  @Option(names = "--model", defaultValue = FaceOptions.DEFAULT_MODEL,
      description = "embedder for recognition and tracking (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--detector", defaultValue = FaceOptions.DEFAULT_DETECTOR, description = "detector (default: ${DEFAULT-VALUE})")
  String detector;

  @Option(names = "--min-face-size", paramLabel = "PIXELS", defaultValue = "0",
      description = "ignore faces narrower than this (default: ${DEFAULT-VALUE})")
  int minFaceSize;

  @Option(names = "--no-progress", description = "no progress line on stderr")
  boolean noProgress;

  @Override
  public Integer call() {
    StreamOptions.Builder b = StreamOptions.builder();
    FaceOptions face;
    try {
      face = FaceOptions.builder().model(model).detector(detector).minFaceSize(minFaceSize)
          .antiSpoofing(antiSpoofing).build();
      b.face(face).detectEvery(detectEvery).frameThreshold(frameThreshold).recheckSeconds(recheckSeconds)
          .targetFps(targetFps);
      if (actions.isBlank() || actions.strip().equalsIgnoreCase("none")) {
        b.noAnalysis();
      } else {
        Set<FaceAttribute> set = AnalyzeOptions.parseActions(actions);
        b.analysis(AnalyzeOptions.of(set));
      }
      if (!(timeout > 0)) {
        throw new IllegalArgumentException("--timeout must be positive");
      }
      if (maxFrames < 0) {
        throw new IllegalArgumentException("--max-frames must be >= 0");
      }
      b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (gallery != null && !Files.isDirectory(gallery)) {
      throw new BadInputException("no such gallery folder: " + gallery);
    }
    PrintWriter err = spec.commandLine().getErr();
    FaceEngine engine = io.deepface.DeepFace.engine();
    GalleryRecognizer recognizer = null;
    try {
      if (gallery != null) {
        recognizer = GalleryRecognizer.open(engine, gallery,
            FindOptions.builder().face(face.toBuilder().antiSpoofing(false).build()).build());
        err.println("gallery " + gallery + ": " + recognizer.syncReport().faces() + " faces in "
            + recognizer.syncReport().images() + " images");
        b.recognizer(recognizer);
      }
      return run(engine, b.build(), err);
    } finally {
      if (recognizer != null) {
        recognizer.close();
      }
    }
  }

  // --max-frames closes the stream early, inside its try-with-resources, so that its open tracks end.
  @SuppressWarnings("try")
  private int run(FaceEngine engine, StreamOptions options, PrintWriter err) {
    FfmpegVideoSource video = FfmpegVideoSource.open(source, Duration.ofMillis((long) (timeout * 1000)));
    PrintWriter lines = spec.commandLine().getOut();
    PrintWriter file = null;
    FfmpegVideoWriter writer = null;
    Map<Integer, String> names = new TreeMap<>();
    try (FaceStream stream = FaceStream.open(engine, video, options)) {
      if (events != null) {
        file = new PrintWriter(Files.newBufferedWriter(events, StandardCharsets.UTF_8));
        lines = file;
      }
      if (out != null) {
        double fps = video.frameRate() > 0 ? video.frameRate() : 30;
        writer = FfmpegVideoWriter.create(out, video.width(), video.height(),
            options.targetFps() > 0 ? Math.min(fps, options.targetFps()) : fps);
      }
      Progress progress = noProgress ? null : new Progress(err, video.frameCount());
      long n = 0;
      while (stream.hasNext() && (maxFrames == 0 || n < maxFrames)) {
        FrameResult r = stream.next();
        n++;
        for (StreamEvent e : r.events()) {
          emit(lines, e, names);
        }
        if (writer != null) {
          writer.write(StreamAnnotator.annotate(r));
        }
        if (progress != null) {
          progress.update(stream.stats(), false);
        }
      }
      if (maxFrames > 0 && n >= maxFrames) {
        stream.close();
        stream.hasNext(); // ends the open tracks
      }
      for (StreamEvent e : stream.endEvents()) {
        emit(lines, e, names);
      }
      StreamStats stats = stream.stats();
      if (progress != null) {
        progress.update(stats, true);
      }
      if (writer != null) {
        writer.close();
        writer = null;
      }
      lines.flush();
      err.println(summary(stats, names));
      if (stats.error() != null) {
        err.println("error: " + stats.error().getMessage()
            + (out != null ? " (" + out + " holds the frames before it)" : ""));
        return DeepFaceCli.EXIT_BAD_INPUT;
      }
      return 0;
    } catch (IOException e) {
      throw new BadInputException("cannot write " + events + ": " + e.getMessage());
    } finally {
      if (writer != null) {
        writer.abort();
      }
      if (file != null) {
        file.close();
      }
    }
  }

  private static void emit(PrintWriter out, StreamEvent e, Map<Integer, String> names) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", e.name());
    m.put("track", e.track());
    m.put("frame", e.frame());
    m.put("time_s", round3(e.timeSeconds()));
    if (e instanceof StreamEvent.TrackStarted s) {
      m.put("box", box(s.face().box()));
      m.put("face_confidence", s.face().confidence());
    } else if (e instanceof StreamEvent.Identified i) {
      m.put("identity", i.identity().identity());
      m.put("distance", i.identity().distance());
      m.put("threshold", i.identity().threshold());
      m.put("confidence", i.identity().confidence());
      names.put(i.track(), i.identity().displayName());
    } else if (e instanceof StreamEvent.AttributesUpdated a) {
      m.put("samples", a.samples());
      m.putAll(ResultJson.analysis(a.analysis()));
    } else if (e instanceof StreamEvent.TrackEnded t) {
      m.put("first_frame", t.firstFrame());
      m.put("start_s", round3(t.startSeconds()));
      m.put("duration_s", round3(t.durationSeconds()));
      m.put("frames", t.frames());
      m.put("identity", t.identity() == null ? null : t.identity().identity());
    }
    out.println(Json.write(m));
    out.flush();
  }

  private static Map<String, Object> box(io.deepface.face.FaceBox b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("x", (int) Math.round(b.x()));
    m.put("y", (int) Math.round(b.y()));
    m.put("w", (int) Math.round(b.width()));
    m.put("h", (int) Math.round(b.height()));
    return m;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static String summary(StreamStats s, Map<Integer, String> names) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d frames analysed in %.1f s (%.1f fps)",
        s.framesAnalysed(), s.elapsedSeconds(), s.fps()));
    if (s.framesDropped() > 0) {
      sb.append(", ").append(s.framesDropped()).append(" dropped");
    }
    if (s.framesSkipped() > 0) {
      sb.append(", ").append(s.framesSkipped()).append(" skipped");
    }
    sb.append("; ").append(s.tracks()).append(s.tracks() == 1 ? " track" : " tracks");
    if (!names.isEmpty()) {
      List<String> who = names.entrySet().stream().map(e -> "#" + e.getKey() + " " + e.getValue()).toList();
      sb.append(" (").append(String.join(", ", who)).append(")");
    }
    return sb.toString();
  }

  /** "frames 30/65 (46%), 14.8 fps" on one line of stderr, redrawn at most twice a second. */
  static final class Progress {
    private final PrintWriter err;
    private final long total;
    private long lastDrawn;

    Progress(PrintWriter err, long total) {
      this.err = err;
      this.total = total;
    }

    void update(StreamStats s, boolean last) {
      long now = System.nanoTime();
      if (!last && now - lastDrawn < 500_000_000L) {
        return;
      }
      lastDrawn = now;
      String done = total > 0 ? String.format(Locale.ROOT, "%d/%d (%d%%)", s.framesRead(), total,
          Math.min(100, s.framesRead() * 100 / total)) : Long.toString(s.framesRead());
      err.printf(Locale.ROOT, "\rframes %s, %.1f fps%s", done, s.fps(),
          s.framesDropped() > 0 ? ", " + s.framesDropped() + " dropped" : "");
      if (last) {
        err.println();
      }
      err.flush();
    }
  }
}
