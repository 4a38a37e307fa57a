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

  private static final java.util.regex.Pattern CALL_ERROR =
      java.util.regex.Pattern.compile("^(\\w+)\\(\\) error (-?\\d+)");

  /**
   * What went wrong, in FFmpeg's words for its error code ({@code avformat_open_input(): Connection refused}), never
   * the URL FFmpeg's own message repeats (it may hold credentials); the message itself for other exceptions.
   */
  static String message(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    java.util.regex.Matcher call = CALL_ERROR.matcher(m);
    if (call.find()) {
      int code = Integer.parseInt(call.group(2));
      byte[] buf = new byte[256];
      String text = avutil.av_strerror(code, buf, buf.length) == 0
          ? new String(buf, 0, indexOfZero(buf), java.nio.charset.StandardCharsets.UTF_8) : "error " + code;
      return call.group(1) + "(): " + text;
    }
    return m;
  }

  private static int indexOfZero(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return b.length;
  }
}
