package io.deepface.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.FaceEngine;
import io.deepface.find.FindOptions;
import io.deepface.opencv.video.FfmpegVideoSource;
import io.deepface.opencv.video.FfmpegVideoWriter;
import io.deepface.stream.FaceStream;
import io.deepface.stream.FrameResult;
import io.deepface.stream.GalleryRecognizer;
import io.deepface.stream.StreamAnnotator;
import io.deepface.stream.StreamEvent;
import io.deepface.stream.StreamOptions;
import io.deepface.stream.TrackedFace;
import io.deepface.stream.VideoFrame;
import io.deepface.testing.TestEngines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream analysis of videos made from real photos: the number of tracks, ids stable while a face is in view, each
 * track's gallery identity (enrolled from other photos), start and end frames, events in order, and an annotated
 * video with the input's frame count.
 */
class StreamAnalysisTest {
  @TempDir
  static Path dir;
  static FaceEngine engine;
  static GalleryRecognizer recognizer;

  @BeforeAll
  static void enrol() throws Exception {
    engine = TestEngines.shared();
    recognizer = GalleryRecognizer.open(engine, StreamClips.gallery(dir.resolve("gallery")), FindOptions.defaults());
    assertThat(recognizer.syncReport().faces()).isGreaterThanOrEqualTo(8);
  }

  @AfterAll
  static void close() {
    recognizer.close();
  }

  record Run(List<FrameResult> frames, List<StreamEvent> events) {
    /** Track id of every face, frame by frame. */
    List<List<Integer>> ids() {
      return frames.stream().map(f -> f.faces().stream().map(TrackedFace::track).toList()).toList();
    }

    List<StreamEvent> of(Class<? extends StreamEvent> type) {
      return events.stream().filter(type::isInstance).toList();
    }

    Map<Integer, String> identities() {
      Map<Integer, String> out = new TreeMap<>();
      for (StreamEvent e : of(StreamEvent.Identified.class)) {
        out.put(e.track(), Path.of(((StreamEvent.Identified) e).identity().identity()).getParent().getFileName()
            .toString());
      }
      return out;
    }

    StreamEvent.TrackEnded ended(int track) {
      return of(StreamEvent.TrackEnded.class).stream().map(StreamEvent.TrackEnded.class::cast)
          .filter(e -> e.track() == track).findFirst().orElseThrow();
    }
  }

  static Run analyse(Path video, StreamOptions options, Path annotated) {
    List<FrameResult> frames = new ArrayList<>();
    List<StreamEvent> events = new ArrayList<>();
    try (FfmpegVideoSource src = FfmpegVideoSource.open(video.toString());
        FaceStream stream = FaceStream.open(engine, src, options);
        FfmpegVideoWriter out = annotated == null ? null
            : FfmpegVideoWriter.create(annotated, src.width(), src.height(), src.frameRate())) {
      for (FrameResult r : stream) {
        frames.add(r);
        events.addAll(r.events());
        if (out != null) {
          out.write(StreamAnnotator.annotate(r));
        }
      }
      events.addAll(stream.endEvents());
      assertThat(stream.stats().error()).isNull();
      assertThat(stream.stats().framesDropped()).isZero();
    }
    return new Run(frames, events);
  }

  static StreamOptions.Builder options() {
    return StreamOptions.builder().recognizer(recognizer).noAnalysis();
  }

  @Test
  void onePersonThenAnother() {
    Path annotated = dir.resolve("one-then-another-annotated.mp4");
    Run run = analyse(StreamClips.oneThenAnother(dir.resolve("one-then-another.mp4")),
        options().actions(io.deepface.analysis.FaceAttribute.AGE, io.deepface.analysis.FaceAttribute.GENDER,
            io.deepface.analysis.FaceAttribute.EMOTION).build(), annotated);

    assertThat(run.frames()).hasSize(65);
    assertThat(run.of(StreamEvent.TrackStarted.class)).hasSize(2);
    List<List<Integer>> ids = run.ids();
    for (int i = 0; i < 30; i++) {
      assertThat(ids.get(i)).as("frame %d", i).containsExactly(1);
    }
    for (int i = 35; i < 65; i++) {
      assertThat(ids.get(i)).as("frame %d", i).containsExactly(2);
    }
    assertThat(run.identities()).isEqualTo(Map.of(1, StreamClips.A, 2, StreamClips.B));
    assertThat(run.of(StreamEvent.TrackStarted.class)).extracting(StreamEvent::frame).containsExactly(0L, 35L);
    assertThat(run.ended(1).frame()).isBetween(27L, 29L);
    assertThat(run.ended(2).frame()).isEqualTo(64L);
    assertThat(run.ended(1).timeSeconds()).isCloseTo(29 / StreamClips.FPS, org.assertj.core.data.Offset.offset(0.15));
    assertThat(run.ended(2).firstFrame()).isEqualTo(35L);
    assertInOrder(run, 5);

    // Attributes: measured once the track is stable, smoothed; A is a man, B a woman.
    List<StreamEvent.AttributesUpdated> attrs = run.of(StreamEvent.AttributesUpdated.class).stream()
        .map(StreamEvent.AttributesUpdated.class::cast).toList();
    assertThat(attrs).extracting(StreamEvent::track).contains(1, 2);
    StreamEvent.AttributesUpdated lastA = attrs.stream().filter(e -> e.track() == 1).reduce((x, y) -> y).orElseThrow();
    StreamEvent.AttributesUpdated lastB = attrs.stream().filter(e -> e.track() == 2).reduce((x, y) -> y).orElseThrow();
    assertThat(lastA.analysis().gender().dominant()).isEqualTo("Man");
    assertThat(lastB.analysis().gender().dominant()).isEqualTo("Woman");
    assertThat(lastA.samples()).isGreaterThanOrEqualTo(2);
    assertThat(lastA.analysis().age().years()).isBetween(40.0, 80.0);

    // The annotated video: readable, same size, frame rate and frame count.
    try (FfmpegVideoSource back = FfmpegVideoSource.open(annotated.toString())) {
      assertThat(back.width()).isEqualTo(StreamClips.W);
      assertThat(back.height()).isEqualTo(StreamClips.H);
      assertThat(back.frameRate()).isEqualTo(StreamClips.FPS);
      int n = 0;
      VideoFrame f;
      while ((f = back.read()) != null) {
        n++;
      }
      assertThat(n).isEqualTo(65);
    }
  }

  @Test
  void twoPeopleAtOnceWithDetectionEveryThirdFrame() {
    Run run = analyse(StreamClips.twoAtOnce(dir.resolve("two.mp4")), options().detectEvery(3).build(), null);
    assertThat(run.frames()).hasSize(30);
    assertThat(run.of(StreamEvent.TrackStarted.class)).hasSize(2);
    for (FrameResult f : run.frames()) {
      assertThat(f.faces()).as("frame %d", f.frame().index()).hasSize(2);
      TrackedFace left = f.faces().stream().min(java.util.Comparator.comparingDouble(t -> t.box().x())).orElseThrow();
      TrackedFace right = f.faces().stream().max(java.util.Comparator.comparingDouble(t -> t.box().x())).orElseThrow();
      assertThat(f.detected()).isEqualTo(f.frame().index() % 3 == 0);
      // The same id on the same person, on detected and predicted frames alike.
      assertThat(List.of(left.track(), right.track())).isEqualTo(run.ids().get(0).get(0) == left.track()
          ? run.ids().get(0) : List.of(run.ids().get(0).get(1), run.ids().get(0).get(0)));
    }
    FrameResult first = run.frames().get(0);
    int leftId = first.faces().stream().min(java.util.Comparator.comparingDouble(t -> t.box().x())).orElseThrow().track();
    int rightId = 3 - leftId;
    assertThat(run.identities()).containsEntry(leftId, StreamClips.A).containsEntry(rightId, StreamClips.B);
    // Predicted boxes follow the motion: the left face moves down 3 px a frame.
    FrameResult predicted = run.frames().get(5);
    assertThat(predicted.detected()).isFalse();
    TrackedFace a = predicted.faces().stream().filter(t -> t.track() == leftId).findFirst().orElseThrow();
    TrackedFace a0 = first.faces().stream().filter(t -> t.track() == leftId).findFirst().orElseThrow();
    assertThat(a.box().y() - a0.box().y()).isBetween(9.0, 21.0);
    assertInOrder(run, 5);
  }

  @Test
  void aFaceThatLeavesAndComesBack() {
    Run run = analyse(StreamClips.leavesAndComesBack(dir.resolve("back.mp4")), options().build(), null);
    assertThat(run.frames()).hasSize(95);
    // Gone 0.33 s and back elsewhere: re-attached by its embedding, the same track. Gone 2 s: a new track.
    assertThat(run.of(StreamEvent.TrackStarted.class)).extracting(StreamEvent::frame).containsExactly(0L, 75L);
    for (int i = 0; i < 45; i++) {
      if (i < 20 || i >= 25) {
        assertThat(run.ids().get(i)).as("frame %d", i).containsExactly(1);
      } else {
        assertThat(run.ids().get(i)).as("frame %d", i).isEmpty();
      }
    }
    for (int i = 75; i < 95; i++) {
      assertThat(run.ids().get(i)).as("frame %d", i).containsExactly(2);
    }
    assertThat(run.ended(1).frame()).isBetween(42L, 44L);
    assertThat(run.ended(1).frames()).isBetween(38L, 40L);
    assertThat(run.identities()).isEqualTo(Map.of(1, StreamClips.A, 2, StreamClips.A));
    assertInOrder(run, 5);
  }

  @Test
  void antiSpoofingChecksEveryTrackAndAFakeOneIsNotRecognised() {
    Run run = analyse(StreamClips.twoAtOnce(dir.resolve("two-spoof.mp4")), options().face(
        io.deepface.FaceOptions.builder().antiSpoofing(true).build()).detectEvery(2).build(), null);
    List<StreamEvent.AttributesUpdated> attrs = run.of(StreamEvent.AttributesUpdated.class).stream()
        .map(StreamEvent.AttributesUpdated.class::cast).toList();
    assertThat(attrs).extracting(StreamEvent::track).contains(1, 2);
    for (int track : new int[] {1, 2}) {
      StreamEvent.AttributesUpdated last = attrs.stream().filter(e -> e.track() == track).reduce((x, y) -> y)
          .orElseThrow();
      io.deepface.analysis.AntiSpoof spoof = last.analysis().antiSpoof();
      assertThat(spoof).as("track %d", track).isNotNull();
      assertThat(spoof.realProbability()).isBetween(0.0, 1.0);
      assertThat(last.analysis().age()).isNull(); // only what was asked for
      // A track judged real at its first check is recognised then; one judged fake at every check never is.
      List<Boolean> real = attrs.stream().filter(e -> e.track() == track)
          .map(e -> e.analysis().antiSpoof().isReal()).toList();
      if (real.get(0)) {
        assertThat(run.identities()).as("track %d", track).containsKey(track);
      } else if (!real.contains(true)) {
        assertThat(run.identities()).as("track %d", track).doesNotContainKey(track);
      }
    }
  }

  @Test
  void targetFpsSkipsFramesOfAFile() {
    FaceStream stream = FaceStream.open(engine, FfmpegVideoSource.open(
        StreamClips.twoAtOnce(dir.resolve("two-fps.mp4")).toString()), options().targetFps(5).build());
    List<FrameResult> frames = new ArrayList<>();
    try (stream) {
      stream.forEachRemaining(frames::add);
    }
    assertThat(frames).extracting(f -> f.frame().index()).containsExactly(0L, 3L, 6L, 9L, 12L, 15L, 18L, 21L, 24L, 27L);
    assertThat(stream.stats().framesSkipped()).isEqualTo(20);
    assertThat(stream.stats().framesRead()).isEqualTo(30);
    assertThat(frames).allSatisfy(f -> assertThat(f.faces()).hasSize(2));
    assertThat(stream.stats().tracks()).isEqualTo(2);
  }

  /** Per track: started first, identified after frameThreshold frames, ended last; no event before its frame. */
  static void assertInOrder(Run run, int frameThreshold) {
    Map<Integer, List<StreamEvent>> byTrack = new TreeMap<>();
    for (StreamEvent e : run.events()) {
      byTrack.computeIfAbsent(e.track(), k -> new ArrayList<>()).add(e);
    }
    for (Map.Entry<Integer, List<StreamEvent>> e : byTrack.entrySet()) {
      List<StreamEvent> ev = e.getValue();
      assertThat(ev.get(0)).as("track %d", e.getKey()).isInstanceOf(StreamEvent.TrackStarted.class);
      assertThat(ev.get(ev.size() - 1)).as("track %d", e.getKey()).isInstanceOf(StreamEvent.TrackEnded.class);
      assertThat(ev.stream().filter(x -> x instanceof StreamEvent.TrackStarted).count()).isEqualTo(1);
      assertThat(ev.stream().filter(x -> x instanceof StreamEvent.TrackEnded).count()).isEqualTo(1);
      long start = ev.get(0).frame();
      for (StreamEvent x : ev) {
        if (x instanceof StreamEvent.Identified) {
          assertThat(x.frame()).isGreaterThanOrEqualTo(start + frameThreshold - 1);
        }
        assertThat(x.frame()).isGreaterThanOrEqualTo(start);
      }
      for (int i = 1; i < ev.size() - 1; i++) {
        assertThat(ev.get(i).frame()).isGreaterThanOrEqualTo(ev.get(i - 1).frame());
      }
    }
    // Frame results carry the events of their own frame (a track's end is decided later and may lag).
    for (FrameResult f : run.frames()) {
      for (StreamEvent x : f.events()) {
        if (!(x instanceof StreamEvent.TrackEnded)) {
          assertThat(x.frame()).isEqualTo(f.frame().index());
        }
      }
    }
  }
}
