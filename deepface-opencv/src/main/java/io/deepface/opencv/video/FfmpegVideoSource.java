package io.deepface.opencv.video;

import io.deepface.image.RgbImage;
import io.deepface.stream.VideoException;
import io.deepface.stream.VideoFrame;
import io.deepface.stream.VideoSource;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A {@link VideoSource} over FFmpeg (JavaCV's {@code FFmpegFrameGrabber} with FFmpeg's own natives for
 * linux-x86_64): video files (mp4, mov, avi, mkv, webm and whatever else FFmpeg demuxes), network streams (RTSP,
 * RTMP, HTTP, UDP, SRT URLs) and V4L2 cameras ({@code camera:0}, {@code camera:/dev/video2}). Frames come as RGB.
 *
 * <p>Every network operation is bounded: opening and each read give up after the timeout (10 s by default) with a
 * {@link VideoException} naming the source, as do a refused connection, an unknown camera and an unreadable file.
 * A file that ends before the frame count its container declares (a truncated download, a damaged copy) ends with
 * a {@link VideoException} after its last readable frame. Credentials in a URL are never shown in messages.
 *
 * <p>One thread reads; {@link #close()} may come from another and waits for a read in progress (at most the
 * timeout).
 */
public final class FfmpegVideoSource implements VideoSource {
  /** How long opening a network source or a camera, and each read, may take. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
  private static final Pattern CAMERA = Pattern.compile("^camera:(.+)$");

  private final FFmpegFrameGrabber grabber;
  private final String name;
  private final boolean live;
  private final int width;
  private final int height;
  private final double frameRate;
  private final long frameCount;
  private long index;
  private long firstTimestamp = Long.MIN_VALUE;
  private double lastTime = Double.NEGATIVE_INFINITY;
  private boolean finished;
  private boolean closed;

  private FfmpegVideoSource(FFmpegFrameGrabber grabber, String name, boolean live) {
    this.grabber = grabber;
    this.name = name;
    this.width = grabber.getImageWidth();
    this.height = grabber.getImageHeight();
    double fps = grabber.getVideoFrameRate();
    this.frameRate = Double.isFinite(fps) && fps > 0 && fps < 1000 ? fps : 0;
    int n = grabber.getLengthInVideoFrames();
    this.frameCount = live || n <= 0 ? -1 : n;
    boolean httpStream = live && name.regionMatches(true, 0, "http", 0, 4) && n > 0;
    this.live = live && !httpStream; // a file served over HTTP waits for its reader
  }

  /** {@link #open(String, Duration)} with {@link #DEFAULT_TIMEOUT}. */
  public static FfmpegVideoSource open(String spec) {
    return open(spec, DEFAULT_TIMEOUT);
  }

  /**
   * Opens a file path, a URL ({@code rtsp://}, {@code http://}...) or a camera ({@code camera:0} for
   * {@code /dev/video0}, {@code camera:/dev/video2}).
   *
   * @throws VideoException when it cannot be opened: no such file, not a video, an unknown camera, a refused or
   *     silent connection (after {@code timeout}), no video stream
   */
  public static FfmpegVideoSource open(String spec, Duration timeout) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    FfmpegNatives.load();
    var camera = CAMERA.matcher(spec);
    if (camera.matches()) {
      String dev = camera.group(1).matches("\\d+") ? "/dev/video" + camera.group(1) : camera.group(1);
      if (!Files.exists(Path.of(dev))) {
        throw new VideoException(spec, "no such camera (" + dev + " does not exist)");
      }
      FFmpegFrameGrabber g = new FFmpegFrameGrabber(dev);
      g.setFormat("video4linux2");
      return start(g, spec, true, timeout);
    }
    if (URL.matcher(spec).matches()) {
      String shown = redact(spec);
      FFmpegFrameGrabber g = new FFmpegFrameGrabber(spec);
      long micros = timeout.toNanos() / 1000;
      g.setOption("rw_timeout", Long.toString(micros));
      g.setOption("timeout", Long.toString(micros));
      if (spec.regionMatches(true, 0, "rtsp", 0, 4)) {
        g.setOption("rtsp_transport", "tcp");
      }
      return start(g, shown, true, timeout);
    }
    Path file = Path.of(spec);
    if (!Files.isRegularFile(file)) {
      throw new VideoException(spec, Files.exists(file) ? "not a file" : "no such video file");
    }
    if (!Files.isReadable(file)) {
      throw new VideoException(spec, "the video file cannot be read (permissions)");
    }
    return start(new FFmpegFrameGrabber(file.toFile()), spec, false, timeout);
  }

  private static FfmpegVideoSource start(FFmpegFrameGrabber g, String name, boolean live, Duration timeout) {
    g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
    g.setTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try {
      g.start();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      release(g);
      // The cause is left out for streams: FFmpeg's message repeats the URL, credentials and all.
      String why = (live ? "cannot open the stream or camera: " : "cannot read the file as video: ")
          + FfmpegNatives.message(e);
      throw live ? new VideoException(name, why) : new VideoException(name, why, e);
    }
    if (!g.hasVideo() || g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
      release(g);
      throw new VideoException(name, "has no video stream");
    }
    return new FfmpegVideoSource(g, name, live);
  }

  private static void release(FFmpegFrameGrabber g) {
    try {
      g.release();
    } catch (FrameGrabber.Exception | RuntimeException ignored) {
      // Nothing more to free.
    }
  }

  /** The URL without user name and password. */
  static String redact(String url) {
    return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1***@");
  }

  @Override
  public synchronized VideoFrame read() {
    if (closed || finished) {
      return null;
    }
    Frame f;
    try {
      f = grabber.grabImage();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      finished = true;
      throw new VideoException(name, "cannot read frame " + index + ": " + FfmpegNatives.message(e));
    }
    if (f == null || f.image == null) {
      finished = true;
      if (frameCount > 0 && index < frameCount * 0.98 - 1) {
        throw new VideoException(name, "the video ended after " + index + " of the " + frameCount
            + " frames its container declares: the file is truncated or damaged");
      }
      return null;
    }
    RgbImage image = copy(f);
    double time = time(f.timestamp);
    lastTime = time;
    return new VideoFrame(image, index++, time);
  }

  /** Media time for files, time since the first frame for live sources; strictly increasing. */
  private double time(long timestampMicros) {
    double t;
    if (timestampMicros >= 0 && timestampMicros != avutil.AV_NOPTS_VALUE) {
      if (firstTimestamp == Long.MIN_VALUE) {
        firstTimestamp = live ? timestampMicros : 0;
      }
      t = (timestampMicros - firstTimestamp) / 1e6;
    } else {
      t = index / (frameRate > 0 ? frameRate : 30.0);
    }
    if (index > 0 && !(t > lastTime)) {
      t = lastTime + 1e-6;
    }
    return t;
  }

  private RgbImage copy(Frame f) {
    int w = f.imageWidth;
    int h = f.imageHeight;
    ByteBuffer buf = (ByteBuffer) f.image[0];
    int stride = f.imageStride;
    byte[] out = new byte[w * h * 3];
    if (stride == w * 3) {
      buf.position(0);
      buf.get(out, 0, out.length);
    } else {
      for (int y = 0; y < h; y++) {
        buf.position(y * stride);
        buf.get(out, y * w * 3, w * 3);
      }
    }
    buf.position(0);
    return RgbImage.wrap(w, h, out);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public double frameRate() {
    return frameRate;
  }

  @Override
  public long frameCount() {
    return frameCount;
  }

  @Override
  public boolean live() {
    return live;
  }

  /** The video codec, as FFmpeg names it (for example {@code h264}). */
  public String codec() {
    return grabber.getVideoCodecName();
  }

  /** The container format, as FFmpeg names it (for example {@code mov,mp4,m4a,3gp,3g2,mj2}). */
  public String format() {
    return grabber.getFormat();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    release(grabber);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "FfmpegVideoSource[%s, %dx%d, %.2f fps, %d frames%s]", name, width, height,
        frameRate, frameCount, live ? ", live" : "");
  }
}
