package io.deepface.stream;

/**
 * Frames from a video file, a network stream or a camera, in order. A backend that reads video implements it (for
 * example {@code io.deepface.opencv.video.FfmpegVideoSource} in {@code deepface-opencv}); this module only
 * consumes it, so it needs no video library.
 *
 * <p>Not thread-safe: one thread reads. {@link #close()} may be called from another thread to stop a blocked
 * {@link #read()}, which then returns null or throws.
 */
public interface VideoSource extends AutoCloseable {
  /**
   * The next frame, or null at the end of the source.
   *
   * @throws VideoException when the source cannot be read any further (a truncated file, a lost connection); the
   *     frames read before stay valid
   */
  VideoFrame read();

  /** A name for messages: the file, the URL (without credentials) or the camera. */
  String name();

  int width();

  int height();

  /** Frames per second as the source declares it, or 0 when it does not. */
  double frameRate();

  /** The number of frames the source declares (files), or -1 when unknown (live sources, some containers). */
  long frameCount();

  /**
   * True for cameras and network streams: frames arrive in real time whether or not they are read, so a slow
   * reader must drop some. False for files, which wait for the reader.
   */
  boolean live();

  @Override
  void close();
}
