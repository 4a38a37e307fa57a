package io.deepface.stream;

/**
 * Counters of one stream analysis.
 *
 * @param framesRead frames the source gave
 * @param framesAnalysed frames analysed (and returned)
 * @param framesDropped frames of a live source dropped because analysis fell behind
 * @param framesSkipped frames left out to keep to {@link StreamOptions#targetFps()}
 * @param detections frames the detector ran on
 * @param tracks tracks started
 * @param elapsedSeconds wall-clock seconds since the analysis opened
 * @param error what stopped the source before its end, or null
 */
public record StreamStats(long framesRead, long framesAnalysed, long framesDropped, long framesSkipped,
    long detections, int tracks, double elapsedSeconds, Throwable error) {
  /** Frames analysed per wall-clock second. */
  public double fps() {
    return elapsedSeconds > 0 ? framesAnalysed / elapsedSeconds : 0;
  }
}
