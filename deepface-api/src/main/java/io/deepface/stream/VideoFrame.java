package io.deepface.stream;

import io.deepface.image.RgbImage;
import java.util.Objects;

/**
 * One decoded frame of a video source.
 *
 * @param image the frame's pixels
 * @param index the frame's position in the source, from 0; a live source that dropped frames skips their indexes
 * @param timeSeconds the frame's presentation time in seconds from the start of the source (media time for files,
 *     time since opening for live sources)
 */
public record VideoFrame(RgbImage image, long index, double timeSeconds) {
  public VideoFrame {
    Objects.requireNonNull(image, "image");
    if (index < 0) {
      throw new IllegalArgumentException("frame index must be >= 0, got " + index);
    }
    if (!Double.isFinite(timeSeconds)) {
      throw new IllegalArgumentException("frame time must be finite, got " + timeSeconds);
    }
  }
}
