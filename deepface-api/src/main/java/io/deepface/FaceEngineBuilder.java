package io.deepface;

import io.deepface.image.ImageLimits;
import io.deepface.model.ModelRepository;
import io.deepface.spi.BackendRegistry;
import io.deepface.verify.ThresholdTable;
import java.util.Objects;

/** Settings of a {@link FaceEngine}: {@code FaceEngine.builder()...build()}. Every setting has a default. */
public final class FaceEngineBuilder {
  private BackendRegistry registry;
  private ModelRepository models;
  private ImageLimits limits = ImageLimits.defaults();
  private ThresholdTable thresholds = ThresholdTable.builtin();
  private int intraOpThreads;

  FaceEngineBuilder() {}

  /** The backends to use (default: those on the classpath, {@link BackendRegistry#load()}). */
  public FaceEngineBuilder registry(BackendRegistry registry) {
    this.registry = registry;
    return this;
  }

  /** Where models come from (default: {@link ModelRepository#fromEnvironment()}). */
  public FaceEngineBuilder models(ModelRepository models) {
    this.models = models;
    return this;
  }

  /** Bounds on the images decoded (default: {@link ImageLimits#defaults()}). */
  public FaceEngineBuilder imageLimits(ImageLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    return this;
  }

  /** The calibrated thresholds (default: {@link ThresholdTable#builtin()}). */
  public FaceEngineBuilder thresholds(ThresholdTable thresholds) {
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    return this;
  }

  /**
   * Threads one model inference may use; 0 (default) lets the runtime decide.
   *
   * @throws IllegalArgumentException when negative
   */
  public FaceEngineBuilder intraOpThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + threads);
    }
    this.intraOpThreads = threads;
    return this;
  }

  /** The engine; components load later, on first use. */
  public FaceEngine build() {
    return new FaceEngine(registry != null ? registry : BackendRegistry.load(),
        models != null ? models : ModelRepository.fromEnvironment(), limits, thresholds, intraOpThreads);
  }
}
