package io.deepface.opencv.video;

import io.deepface.image.RgbImage;
import io.deepface.stream.VideoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Objects;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes a video file through FFmpeg (JavaCV's {@code FFmpegFrameRecorder}), the container chosen by the file's
 * extension: {@code .mp4}, {@code .mov} and {@code .mkv} get H.264 (OpenH264), {@code .avi} MPEG-4 part 2,
 * {@code .webm} VP9. Frames are written to a temporary file beside the target, which {@link #close()} finishes and
 * renames over the target: a reader never sees a half-written video, and {@link #abort()} (or a failure) leaves
 * nothing behind. MP4 files are written with the index first ({@code faststart}), so a truncated copy still
 * declares its full frame count. Not thread-safe.
 */
public final class FfmpegVideoWriter implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final FFmpegFrameRecorder recorder;
  private final int width;
  private final int height;
  private final Frame frame;
  private long frames;
  private boolean done;

  private FfmpegVideoWriter(Path target, Path temp, FFmpegFrameRecorder recorder, int width, int height) {
    this.target = target;
    this.temp = temp;
    this.recorder = recorder;
    this.width = width;
    this.height = height;
    this.frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
  }

  /**
   * Starts a video of {@code width} x {@code height} at {@code fps} frames per second.
   *
   * @throws VideoException when the file cannot be created or the format has no encoder here
   */
  public static FfmpegVideoWriter create(Path target, int width, int height, double fps) {
    Objects.requireNonNull(target, "target");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("video size must be positive, got " + width + "x" + height);
    }
    if (!(fps > 0 && fps <= 1000)) {
      throw new IllegalArgumentException("fps must be in (0, 1000], got " + fps);
    }
    FfmpegNatives.load();
    Path abs = target.toAbsolutePath();
    String fileName = abs.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    Path dir = abs.getParent();
    Path temp;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + fileName + ".", ".part." + (ext.isEmpty() ? "mp4" : ext));
    } catch (IOException e) {
      throw new VideoException(target.toString(), "cannot create the video file: " + e.getMessage(), e);
    }
    // YUV 4:2:0: H.264 needs an even width and height (an odd size fails here, with the encoder's message).
    FFmpegFrameRecorder r = new FFmpegFrameRecorder(temp.toFile(), width, height, 0);
    r.setFrameRate(fps);
    r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    switch (ext) {
      case "avi" -> {
        r.setFormat("avi");
        r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
        r.setVideoQuality(3);
      }
      case "webm" -> {
        r.setFormat("webm");
        r.setVideoCodec(avcodec.AV_CODEC_ID_VP9);
        r.setVideoOption("deadline", "realtime");
        r.setVideoOption("cpu-used", "8");
      }
      case "mkv" -> {
        r.setFormat("matroska");
        r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      }
      case "mov" -> {
        r.setFormat("mov");
        r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      }
      case "mp4", "" -> {
        r.setFormat("mp4");
        r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        r.setOption("movflags", "+faststart");
      }
      default -> {
        deleteQuietly(temp);
        throw new VideoException(target.toString(), "unknown video format '." + ext
            + "' (write .mp4, .mkv, .mov, .avi or .webm)");
      }
    }
    if (r.getVideoCodec() == avcodec.AV_CODEC_ID_H264) {
      r.setVideoBitrate(Math.max(400_000, (int) Math.min(8_000_000, width * (long) height * fps / 6)));
    }
    try {
      r.start();
    } catch (FrameRecorder.Exception | RuntimeException e) {
      try {
        r.release();
      } catch (FrameRecorder.Exception | RuntimeException ignored) {
        // Already failing.
      }
      deleteQuietly(temp);
      throw new VideoException(target.toString(), "cannot start the video encoder: " + FfmpegNatives.message(e), e);
    }
    return new FfmpegVideoWriter(target, temp, r, width, height);
  }

  /** Appends one frame; it must have the video's size. */
  public void write(RgbImage image) {
    if (done) {
      throw new IllegalStateException("the video " + target + " is already closed");
    }
    if (image.width() != width || image.height() != height) {
      throw new IllegalArgumentException("frame is " + image.width() + "x" + image.height() + ", the video "
          + width + "x" + height);
    }
    ByteBuffer buf = (ByteBuffer) frame.image[0];
    int stride = frame.imageStride;
    byte[] data = image.data();
    if (stride == width * 3) {
      buf.position(0);
      buf.put(data, 0, data.length);
    } else {
      for (int y = 0; y < height; y++) {
        buf.position(y * stride);
        buf.put(data, y * width * 3, width * 3);
      }
    }
    buf.position(0);
    try {
      recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
      frames++;
    } catch (FrameRecorder.Exception | RuntimeException e) {
      abort();
      throw new VideoException(target.toString(), "cannot encode frame " + frames + ": "
          + FfmpegNatives.message(e), e);
    }
  }

  /** Frames written so far. */
  public long frames() {
    return frames;
  }

  public Path target() {
    return target;
  }

  /**
   * Finishes the file and renames it over the target. Idempotent.
   *
   * @throws VideoException when the file cannot be finished or moved (the temporary file is removed)
   */
  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      recorder.stop();
      recorder.release();
    } catch (FrameRecorder.Exception | RuntimeException e) {
      deleteQuietly(temp);
      throw new VideoException(target.toString(), "cannot finish the video: " + FfmpegNatives.message(e), e);
    }
    try {
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new VideoException(target.toString(), "cannot move the finished video into place: " + e.getMessage(), e);
    }
  }

  /** Stops writing and deletes the temporary file; the target is left as it was. Idempotent. */
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    try {
      recorder.release();
    } catch (FrameRecorder.Exception | RuntimeException ignored) {
      // The file is deleted anyway.
    }
    deleteQuietly(temp);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // A stray temporary file; nothing else to do.
    }
  }
}
