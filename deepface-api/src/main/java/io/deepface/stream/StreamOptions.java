package io.deepface.stream;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceOptions;
import io.deepface.analysis.FaceAttribute;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link FaceStream} analyses a video. Built with {@link #builder()}; immutable.
 *
 * <table>
 * <caption>Options and defaults</caption>
 * <tr><th>option</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code face}</td><td>{@link FaceOptions#defaults()}</td><td>detector, minimum confidence and face size,
 *     face limit; embedder and alignment when there is no recognizer; {@code antiSpoofing} checks every
 *     track</td></tr>
 * <tr><td>{@code analysis}</td><td>age, gender, emotion</td><td>attributes measured per track and smoothed;
 *     {@link Builder#noAnalysis()} for none</td></tr>
 * <tr><td>{@code recognizer}</td><td>none</td><td>names tracks (a {@link GalleryRecognizer}, a face
 *     database)</td></tr>
 * <tr><td>{@code detectEvery}</td><td>1</td><td>the detector runs on every k-th analysed frame; the tracker
 *     predicts the boxes in between</td></tr>
 * <tr><td>{@code frameThreshold}</td><td>5</td><td>frames a track must be in view before it is recognised and
 *     analysed (DeepFace's {@code frame_threshold})</td></tr>
 * <tr><td>{@code recheckSeconds}</td><td>5</td><td>a recognised track is recognised again this often</td></tr>
 * <tr><td>{@code analyzeEverySeconds}</td><td>1</td><td>a track's attributes are measured again this often</td></tr>
 * <tr><td>{@code lostSeconds}</td><td>1</td><td>a track unseen this long ends; within it, a face that reappears
 *     re-attaches to the track by box overlap or embedding distance</td></tr>
 * <tr><td>{@code minIou}</td><td>0.3</td><td>box overlap that continues a track</td></tr>
 * <tr><td>{@code targetFps}</td><td>0 (every frame)</td><td>analyse at most this many frames per second of
 *     video; the others are skipped</td></tr>
 * <tr><td>{@code queueCapacity}</td><td>2</td><td>frames a live source may hold waiting for analysis; older ones
 *     are dropped</td></tr>
 * </table>
 */
public final class StreamOptions {
  private static final StreamOptions DEFAULTS = builder().build();

  private final FaceOptions face;
  private final AnalyzeOptions analysis;
  private final Recognizer recognizer;
  private final int detectEvery;
  private final int frameThreshold;
  private final double recheckSeconds;
  private final double analyzeEverySeconds;
  private final double lostSeconds;
  private final double minIou;
  private final double targetFps;
  private final int queueCapacity;

  private StreamOptions(Builder b) {
    this.face = Objects.requireNonNull(b.face, "face");
    this.analysis = b.analysis;
    this.recognizer = b.recognizer;
    this.detectEvery = b.detectEvery;
    this.frameThreshold = b.frameThreshold;
    this.recheckSeconds = b.recheckSeconds;
    this.analyzeEverySeconds = b.analyzeEverySeconds;
    this.lostSeconds = b.lostSeconds;
    this.minIou = b.minIou;
    this.targetFps = b.targetFps;
    this.queueCapacity = b.queueCapacity;
    if (detectEvery < 1) {
      throw new IllegalArgumentException("detectEvery must be at least 1, got " + detectEvery);
    }
    if (frameThreshold < 1) {
      throw new IllegalArgumentException("frameThreshold must be at least 1, got " + frameThreshold);
    }
    if (!(recheckSeconds > 0)) {
      throw new IllegalArgumentException("recheckSeconds must be > 0, got " + recheckSeconds);
    }
    if (!(analyzeEverySeconds >= 0)) {
      throw new IllegalArgumentException("analyzeEverySeconds must be >= 0, got " + analyzeEverySeconds);
    }
    if (!(lostSeconds >= 0)) {
      throw new IllegalArgumentException("lostSeconds must be >= 0, got " + lostSeconds);
    }
    if (!(minIou > 0 && minIou <= 1)) {
      throw new IllegalArgumentException("minIou must be in (0, 1], got " + minIou);
    }
    if (!(targetFps >= 0) || Double.isInfinite(targetFps)) {
      throw new IllegalArgumentException("targetFps must be >= 0 (0: every frame), got " + targetFps);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be at least 1, got " + queueCapacity);
    }
  }

  public static StreamOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.face = face;
    b.analysis = analysis;
    b.recognizer = recognizer;
    b.detectEvery = detectEvery;
    b.frameThreshold = frameThreshold;
    b.recheckSeconds = recheckSeconds;
    b.analyzeEverySeconds = analyzeEverySeconds;
    b.lostSeconds = lostSeconds;
    b.minIou = minIou;
    b.targetFps = targetFps;
    b.queueCapacity = queueCapacity;
    return b;
  }

  public FaceOptions face() {
    return face;
  }

  /** The attributes measured per track, or empty for none. */
  public Optional<AnalyzeOptions> analysis() {
    return Optional.ofNullable(analysis);
  }

  public Optional<Recognizer> recognizer() {
    return Optional.ofNullable(recognizer);
  }

  public int detectEvery() {
    return detectEvery;
  }

  public int frameThreshold() {
    return frameThreshold;
  }

  public double recheckSeconds() {
    return recheckSeconds;
  }

  public double analyzeEverySeconds() {
    return analyzeEverySeconds;
  }

  public double lostSeconds() {
    return lostSeconds;
  }

  public double minIou() {
    return minIou;
  }

  public double targetFps() {
    return targetFps;
  }

  public int queueCapacity() {
    return queueCapacity;
  }

  @Override
  public String toString() {
    return "StreamOptions[face=" + face + ", analysis=" + analysis + ", recognizer=" + recognizer + ", detectEvery="
        + detectEvery + ", frameThreshold=" + frameThreshold + ", recheckSeconds=" + recheckSeconds
        + ", analyzeEverySeconds=" + analyzeEverySeconds + ", lostSeconds=" + lostSeconds + ", minIou=" + minIou
        + ", targetFps=" + targetFps + ", queueCapacity=" + queueCapacity + "]";
  }

  /** Builds {@link StreamOptions}; starts from the defaults. */
  public static final class Builder {
    private FaceOptions face = FaceOptions.defaults();
    private AnalyzeOptions analysis = AnalyzeOptions.defaults();
    private Recognizer recognizer;
    private int detectEvery = 1;
    private int frameThreshold = 5;
    private double recheckSeconds = 5;
    private double analyzeEverySeconds = 1;
    private double lostSeconds = 1;
    private double minIou = 0.3;
    private double targetFps;
    private int queueCapacity = 2;

    private Builder() {}

    public Builder face(FaceOptions face) {
      this.face = Objects.requireNonNull(face, "face");
      return this;
    }

    public Builder analysis(AnalyzeOptions analysis) {
      this.analysis = Objects.requireNonNull(analysis, "analysis");
      return this;
    }

    /** The given attributes with their default models; none turns analysis off. */
    public Builder actions(Collection<FaceAttribute> actions) {
      this.analysis = actions.isEmpty() ? null : AnalyzeOptions.of(actions);
      return this;
    }

    public Builder actions(FaceAttribute... actions) {
      return actions(java.util.Arrays.asList(actions));
    }

    /** No attributes: tracking (and recognition, with a recognizer) only. */
    public Builder noAnalysis() {
      this.analysis = null;
      return this;
    }

    /** Who the tracks are; null for none. */
    public Builder recognizer(Recognizer recognizer) {
      this.recognizer = recognizer;
      return this;
    }

    public Builder detectEvery(int k) {
      this.detectEvery = k;
      return this;
    }

    public Builder frameThreshold(int frames) {
      this.frameThreshold = frames;
      return this;
    }

    public Builder recheckSeconds(double seconds) {
      this.recheckSeconds = seconds;
      return this;
    }

    public Builder analyzeEverySeconds(double seconds) {
      this.analyzeEverySeconds = seconds;
      return this;
    }

    public Builder lostSeconds(double seconds) {
      this.lostSeconds = seconds;
      return this;
    }

    public Builder minIou(double iou) {
      this.minIou = iou;
      return this;
    }

    public Builder targetFps(double fps) {
      this.targetFps = fps;
      return this;
    }

    public Builder queueCapacity(int frames) {
      this.queueCapacity = frames;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException for a value out of range
     */
    public StreamOptions build() {
      return new StreamOptions(this);
    }
  }
}
