package io.deepface.stream;

import io.deepface.FaceAnalysis;
import java.util.Objects;

/**
 * Something that happened to a track: it started, was identified, has new attributes, ended. Every event names its
 * track, the frame it is about and that frame's time. Events come in the {@link FrameResult} of the frame where they
 * are decided, in order; a track's {@link TrackEnded} is decided only once the track has been unseen for
 * {@link StreamOptions#lostSeconds()} (or at the end of the source), so it arrives that much after its frame.
 */
public sealed interface StreamEvent {
  /** The track's id, unique within one analysis, from 1. */
  int track();

  /** The frame the event is about. */
  long frame();

  /** That frame's time in seconds. */
  double timeSeconds();

  /** The JSON-lines name: {@code track_started}, {@code identified}, {@code attributes} or {@code track_ended}. */
  String name();

  /** A face was detected that no track had: a new track begins at this frame. */
  record TrackStarted(int track, long frame, double timeSeconds, TrackedFace face) implements StreamEvent {
    @Override
    public String name() {
      return "track_started";
    }
  }

  /**
   * The recognizer named the track's face (after {@link StreamOptions#frameThreshold()} frames in view), or named
   * it differently on a later check.
   */
  record Identified(int track, long frame, double timeSeconds, Identity identity) implements StreamEvent {
    public Identified {
      Objects.requireNonNull(identity, "identity");
    }

    @Override
    public String name() {
      return "identified";
    }
  }

  /**
   * The track's smoothed attributes after a new measurement: running mean of the age, mean probabilities of gender,
   * emotion and race, mean real probability of anti-spoofing.
   *
   * @param samples how many measurements the values are the mean of
   */
  record AttributesUpdated(int track, long frame, double timeSeconds, FaceAnalysis analysis, int samples)
      implements StreamEvent {
    @Override
    public String name() {
      return "attributes";
    }
  }

  /**
   * The track's face was last seen at {@code frame} and is gone (or the source ended).
   *
   * @param firstFrame the frame the track started at
   * @param startSeconds that frame's time
   * @param frames how many analysed frames the track was in view, from its first to its last
   * @param identity the track's last identity, or null when it was never identified
   */
  record TrackEnded(int track, long frame, double timeSeconds, long firstFrame, double startSeconds, long frames,
      Identity identity) implements StreamEvent {
    /** Seconds from the first frame to the last one. */
    public double durationSeconds() {
      return timeSeconds - startSeconds;
    }

    @Override
    public String name() {
      return "track_ended";
    }
  }
}
