package io.deepface.opencv.video;

import io.deepface.stream.VideoException;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FFmpegLogCallback;

/**
 * Loads FFmpeg's natives (from the {@code org.bytedeco:ffmpeg} platform jar, unpacked by JavaCPP into its cache)
 * once per JVM and quiets FFmpeg's own console log (errors reach the caller as exceptions instead).
 */
final class FfmpegNatives {
  private static volatile boolean loaded;
  private static Throwable failure;

  private FfmpegNatives() {}

  static synchronized void load() {
    if (loaded) {
      return;
    }
    if (failure == null) {
      try {
        FFmpegFrameGrabber.tryLoad();
        FFmpegFrameRecorder.tryLoad();
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
        loaded = true;
        return;
      } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError: not on this platform
        failure = t;
      }
    }
    throw new VideoException("ffmpeg", "FFmpeg's native libraries cannot be loaded here (deepface-opencv ships "
        + "them for linux-x86_64 through org.bytedeco:ffmpeg:linux-x86_64): " + failure, failure);
  }

  /** Shows FFmpeg's log on stderr (for diagnosing a stream): level as FFmpeg's {@code AV_LOG_*}. */
  static void verbose(int level) {
    load();
    avutil.av_log_set_level(level);
    FFmpegLogCallback.set();
  }

  /** The exception's message, or its class name when it has none. */
  static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
