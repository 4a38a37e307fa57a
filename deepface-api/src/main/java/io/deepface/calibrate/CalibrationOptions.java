package io.deepface.calibrate;

import io.deepface.FaceOptions;
import java.util.List;
import java.util.Objects;

/**
 * How to calibrate: the face options whose embeddings are calibrated (their metric is the report's main one; every
 * metric is calibrated), the false accept rates to find thresholds for, the threads that embed photos, and a
 * progress listener. Immutable; build with {@link #builder()}.
 */
public final class CalibrationOptions {
  /** Told after each photo is embedded. Called from the embedding threads. */
  @FunctionalInterface
  public interface ProgressListener {
    void progress(int done, int total);
  }

  private final FaceOptions faceOptions;
  private final List<Double> fars;
  private final int threads;
  private final ProgressListener progress;

  private CalibrationOptions(Builder b) {
    this.faceOptions = Objects.requireNonNull(b.faceOptions, "faceOptions");
    this.fars = List.copyOf(b.fars);
    this.threads = b.threads;
    this.progress = Objects.requireNonNull(b.progress, "progress");
    for (double far : fars) {
      if (!(far > 0 && far < 1)) {
        throw new IllegalArgumentException("every target FAR must be in (0, 1), got " + far);
      }
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The options photos are embedded with (default {@link FaceOptions#defaults()}). */
  public FaceOptions faceOptions() {
    return faceOptions;
  }

  /** Target false accept rates (default 1e-2, 1e-3, 1e-4). */
  public List<Double> fars() {
    return fars;
  }

  /** Threads embedding photos (default: the machine's processors). */
  public int threads() {
    return threads;
  }

  public ProgressListener progress() {
    return progress;
  }

  /** Builder of {@link CalibrationOptions}. */
  public static final class Builder {
    private FaceOptions faceOptions = FaceOptions.defaults();
    private List<Double> fars = List.of(1e-2, 1e-3, 1e-4);
    private int threads = Runtime.getRuntime().availableProcessors();
    private ProgressListener progress = (done, total) -> { };

    private Builder() {}

    public Builder faceOptions(FaceOptions faceOptions) {
      this.faceOptions = faceOptions;
      return this;
    }

    public Builder fars(List<Double> fars) {
      this.fars = List.copyOf(fars);
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder progress(ProgressListener progress) {
      this.progress = progress;
      return this;
    }

    /** @throws IllegalArgumentException for a FAR outside (0, 1) or fewer than one thread */
    public CalibrationOptions build() {
      return new CalibrationOptions(this);
    }
  }
}
