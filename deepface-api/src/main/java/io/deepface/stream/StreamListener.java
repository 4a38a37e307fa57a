package io.deepface.stream;

/**
 * Receives the results of {@link FaceStream#start}, on the analysis thread, one frame after another. A slow
 * listener slows the analysis; a live source then drops frames (counted in {@link FrameResult#dropped()}), it never
 * queues without bound.
 */
public interface StreamListener {
  /** One analysed frame. */
  void onFrame(FrameResult result);

  /** The source failed (a lost connection, a truncated file) after {@code stats} frames; no frame follows. */
  default void onError(Throwable error, StreamStats stats) {}

  /**
   * The analysis is over: the source ended, failed or the analysis was stopped. Called last, once.
   *
   * @param endEvents the {@link StreamEvent.TrackEnded} events of the tracks still in view at the end
   */
  default void onEnd(StreamStats stats, java.util.List<StreamEvent> endEvents) {}
}
