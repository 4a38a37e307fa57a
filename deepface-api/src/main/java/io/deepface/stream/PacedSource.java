package io.deepface.stream;

import java.util.Objects;

/**
 * Replays a source in real time as a live one, as a camera would deliver it: frame i is handed out no earlier than
 * i / fps seconds after the first read, and a reader that falls behind gets the frames late (stream analysis then
 * drops some, as it does for a camera). For tests, benchmarks and demos of live analysis with a file. Closing it
 * closes the wrapped source.
 */
public final class PacedSource implements VideoSource {
  private final VideoSource source;
  private final double fps;
  private long start = Long.MIN_VALUE;
  private long n;

  /**
   * @param fps frames per second to deliver (for example the camera's 30)
   */
  public PacedSource(VideoSource source, double fps) {
    this.source = Objects.requireNonNull(source, "source");
    if (!(fps > 0 && fps <= 1000)) {
      throw new IllegalArgumentException("fps must be in (0, 1000], got " + fps);
    }
    this.fps = fps;
  }

  @Override
  public VideoFrame read() {
    VideoFrame f = source.read();
    if (f == null) {
      return null;
    }
    long now = System.nanoTime();
    if (start == Long.MIN_VALUE) {
      start = now;
    }
    long due = start + (long) (n * 1e9 / fps);
    if (due > now) {
      try {
        Thread.sleep((due - now) / 1_000_000, (int) ((due - now) % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    VideoFrame out = new VideoFrame(f.image(), n, n / fps);
    n++;
    return out;
  }

  /** When frame {@code index} was due, in {@link System#nanoTime()}'s scale (for latency measurements). */
  public long dueNanos(long index) {
    return start + (long) (index * 1e9 / fps);
  }

  @Override
  public String name() {
    return source.name();
  }

  @Override
  public int width() {
    return source.width();
  }

  @Override
  public int height() {
    return source.height();
  }

  @Override
  public double frameRate() {
    return fps;
  }

  @Override
  public long frameCount() {
    return -1;
  }

  @Override
  public boolean live() {
    return true;
  }

  @Override
  public void close() {
    source.close();
  }
}
