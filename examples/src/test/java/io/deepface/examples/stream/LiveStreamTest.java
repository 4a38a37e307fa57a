package io.deepface.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.FaceEngine;
import io.deepface.find.FindOptions;
import io.deepface.opencv.video.FfmpegVideoSource;
import io.deepface.stream.FaceStream;
import io.deepface.stream.FrameResult;
import io.deepface.stream.GalleryRecognizer;
import io.deepface.stream.PacedSource;
import io.deepface.stream.StreamEvent;
import io.deepface.stream.StreamListener;
import io.deepface.stream.StreamOptions;
import io.deepface.stream.StreamStats;
import io.deepface.testing.TestEngines;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener form on a live source: a clip replayed at 30 fps to a listener slower than that. Frames are dropped
 * and counted, never queued without bound; what is analysed is still tracked and recognised; stopping is prompt.
 */
@Timeout(120)
class LiveStreamTest {
  @TempDir
  Path dir;

  @Test
  void aSlowListenerMakesALiveSourceDropFramesNotQueueThem() throws Exception {
    FaceEngine engine = TestEngines.shared();
    Path clip = StreamClips.twoAtOnce(dir.resolve("two.mp4"));
    try (GalleryRecognizer recognizer = GalleryRecognizer.open(engine, StreamClips.gallery(dir.resolve("g")),
        FindOptions.defaults())) {
      List<FrameResult> frames = new CopyOnWriteArrayList<>();
      List<StreamEvent> events = new CopyOnWriteArrayList<>();
      AtomicReference<StreamStats> end = new AtomicReference<>();
      StreamListener slow = new StreamListener() {
        @Override
        public void onFrame(FrameResult r) {
          frames.add(r);
          events.addAll(r.events());
          try {
            Thread.sleep(60); // a listener slower than the camera's 33 ms per frame
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }

        @Override
        public void onEnd(StreamStats stats, List<StreamEvent> endEvents) {
          events.addAll(endEvents);
          end.set(stats);
        }
      };
      StreamOptions options = StreamOptions.builder().recognizer(recognizer).noAnalysis().frameThreshold(2)
          .queueCapacity(2).build();
      try (FaceStream.Running running = FaceStream.start(engine,
          new PacedSource(FfmpegVideoSource.open(clip.toString()), 30), options, slow)) {
        assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(running.failure()).isNull();
      }
      StreamStats stats = end.get();
      assertThat(stats.framesRead()).isEqualTo(30);
      assertThat(stats.framesDropped()).isGreaterThan(0);
      assertThat(stats.framesAnalysed() + stats.framesDropped()).isEqualTo(30);
      assertThat(frames).hasSize((int) stats.framesAnalysed());
      // Indexes skip the dropped frames; the running drop count is in every result.
      for (int i = 1; i < frames.size(); i++) {
        assertThat(frames.get(i).frame().index()).isGreaterThan(frames.get(i - 1).frame().index());
        assertThat(frames.get(i).dropped()).isGreaterThanOrEqualTo(frames.get(i - 1).dropped());
      }
      assertThat(frames.get(frames.size() - 1).dropped()).isLessThanOrEqualTo(stats.framesDropped());
      assertThat(events.stream().filter(e -> e instanceof StreamEvent.TrackStarted).count()).isEqualTo(2);
      assertThat(events.stream().filter(e -> e instanceof StreamEvent.Identified)
          .map(e -> Path.of(((StreamEvent.Identified) e).identity().identity()).getParent().getFileName().toString()))
          .containsExactlyInAnyOrder(StreamClips.A, StreamClips.B);
      assertThat(events.stream().filter(e -> e instanceof StreamEvent.TrackEnded).count()).isEqualTo(2);
    }
  }

  @Test
  void stoppingALiveAnalysisIsPrompt() throws Exception {
    FaceEngine engine = TestEngines.shared();
    Path clip = StreamClips.twoAtOnce(dir.resolve("two.mp4"));
    AtomicReference<StreamStats> end = new AtomicReference<>();
    FaceStream.Running running = FaceStream.start(engine, new PacedSource(FfmpegVideoSource.open(clip.toString()), 5),
        StreamOptions.builder().noAnalysis().build(), new StreamListener() {
          @Override
          public void onFrame(FrameResult result) {}

          @Override
          public void onEnd(StreamStats stats, List<StreamEvent> endEvents) {
            end.set(stats);
          }
        });
    Thread.sleep(700);
    long start = System.nanoTime();
    running.close();
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(2.0);
    assertThat(end.get()).isNotNull();
    assertThat(end.get().framesRead()).isBetween(1L, 10L);
    assertThat(end.get().error()).isNull();
  }
}
