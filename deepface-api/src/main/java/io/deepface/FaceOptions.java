package io.deepface;

import io.deepface.align.AlignmentMode;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.ThresholdProfile;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Options of detection, alignment, embedding and verification, with DeepFace's defaults where DeepFace has them.
 * Immutable; build with {@link #builder()}, change with {@link #toBuilder()}, or start from {@link #defaults()}.
 *
 * <p>Construction goes through the builder only (as DJL's {@code Criteria}): a new option is a new builder method
 * with a default, so adding one never breaks a caller. The accessors are named as a record's would be.
 */
public final class FaceOptions {
  public static final String DEFAULT_DETECTOR = "retinaface-yunet";
  public static final String DEFAULT_MODEL = "fusion";
  private static final FaceOptions DEFAULTS = new Builder().build();

  private final String detector;
  private final String model;
  private final DistanceMetric metric;
  private final AlignmentMode alignment;
  private final boolean enforceDetection;
  private final double expandPercentage;
  private final OptionalDouble minConfidence;
  private final int maxFaces;
  private final boolean flip;
  private final OptionalDouble threshold;
  private final int faceSize;
  private final boolean antiSpoofing;
  private final int minFaceSize;
  private final ThresholdProfile thresholdProfile;

  private FaceOptions(Builder b) {
    this.detector = Objects.requireNonNull(b.detector, "detector");
    this.model = Objects.requireNonNull(b.model, "model");
    this.metric = Objects.requireNonNull(b.metric, "metric");
    this.alignment = Objects.requireNonNull(b.alignment, "alignment");
    this.enforceDetection = b.enforceDetection;
    this.expandPercentage = b.expandPercentage;
    this.minConfidence = b.minConfidence;
    this.maxFaces = b.maxFaces;
    this.flip = b.flip;
    this.threshold = b.threshold;
    this.faceSize = b.faceSize;
    this.antiSpoofing = b.antiSpoofing;
    this.minFaceSize = b.minFaceSize;
    this.thresholdProfile = b.thresholdProfile;
    if (!(expandPercentage >= 0) || expandPercentage > 1000) {
      throw new IllegalArgumentException("expandPercentage must be in [0, 1000], got " + expandPercentage);
    }
    if (minConfidence.isPresent() && !(minConfidence.getAsDouble() >= 0 && minConfidence.getAsDouble() <= 1)) {
      throw new IllegalArgumentException("minConfidence must be in [0, 1], got " + minConfidence.getAsDouble());
    }
    if (maxFaces < 1) {
      throw new IllegalArgumentException("maxFaces must be at least 1, got " + maxFaces);
    }
    if (threshold.isPresent() && !(threshold.getAsDouble() >= 0)) {
      throw new IllegalArgumentException("threshold must be >= 0, got " + threshold.getAsDouble());
    }
    if (faceSize < 16 || faceSize > 4096) {
      throw new IllegalArgumentException("faceSize must be in [16, 4096], got " + faceSize);
    }
    if (minFaceSize < 0) {
      throw new IllegalArgumentException("minFaceSize must be >= 0 pixels, got " + minFaceSize);
    }
  }

  /** DeepFace's defaults: retinaface, fusion, cosine, landmark alignment, detection enforced. */
  public static FaceOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Detector name ({@code retinaface}, the default; {@code yunet}, {@code ultraface}, {@code blazeface},
   * {@code skip}...).
   */
  public String detector() {
    return detector;
  }

  /** Embedder name ({@code fusion}, the default; {@code faceplugin-512}, {@code mobilefacenet-128}...). */
  public String model() {
    return model;
  }

  /** Distance metric for verification and search. */
  public DistanceMetric metric() {
    return metric;
  }

  /** How faces are aligned before embedding. */
  public AlignmentMode alignment() {
    return alignment;
  }

  /**
   * True (default): no face raises {@link FaceNotDetectedException}; false: the whole image is used as the face,
   * with confidence 0.
   */
  public boolean enforceDetection() {
    return enforceDetection;
  }

  /** Grow each box by this percentage of its size (clamped to the image). */
  public double expandPercentage() {
    return expandPercentage;
  }

  /** Lowest detector score kept; empty for the detector's own default. */
  public OptionalDouble minConfidence() {
    return minConfidence;
  }

  /** Keep at most this many faces per image, the largest (as DeepFace's {@code max_faces}). */
  public int maxFaces() {
    return maxFaces;
  }

  /** Add the embedding of the mirrored face (flip augmentation); embeddings become unit length. */
  public boolean flip() {
    return flip;
  }

  /** Verification and search threshold; empty for the calibrated one (the profile's, or the shipped one). */
  public OptionalDouble threshold() {
    return threshold;
  }

  /**
   * Thresholds calibrated on the caller's own faces ({@link io.deepface.verify.ThresholdProfile}); used by
   * {@code verify}, {@code find} and search in place of the shipped ones unless {@link #threshold()} is set. Empty
   * by default.
   */
  public Optional<ThresholdProfile> thresholdProfile() {
    return Optional.ofNullable(thresholdProfile);
  }

  /** Side of the square crops {@code extractFaces} returns (ArcFace template scaled to it). */
  public int faceSize() {
    return faceSize;
  }

  /**
   * Check every face with the anti-spoofing model (MiniFASNet) in {@code represent}, {@code verify} and
   * {@code analyze}, and raise {@link SpoofDetectedException} on a fake, as DeepFace's {@code anti_spoofing=True};
   * off by default.
   */
  public boolean antiSpoofing() {
    return antiSpoofing;
  }

  /**
   * Faces whose box is narrower than this many pixels (in the image's own pixels, before {@code expandPercentage})
   * are dropped; 0, the default, keeps every face.
   */
  public int minFaceSize() {
    return minFaceSize;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaceOptions f && detector.equals(f.detector) && model.equals(f.model) && metric == f.metric
        && alignment == f.alignment && enforceDetection == f.enforceDetection
        && Double.compare(expandPercentage, f.expandPercentage) == 0 && minConfidence.equals(f.minConfidence)
        && maxFaces == f.maxFaces && flip == f.flip && threshold.equals(f.threshold) && faceSize == f.faceSize
        && antiSpoofing == f.antiSpoofing && minFaceSize == f.minFaceSize
        && Objects.equals(thresholdProfile, f.thresholdProfile);
  }

  @Override
  public int hashCode() {
    return Objects.hash(detector, model, metric, alignment, enforceDetection, expandPercentage, minConfidence, maxFaces,
        flip, threshold, faceSize, antiSpoofing, minFaceSize, thresholdProfile);
  }

  @Override
  public String toString() {
    return "FaceOptions[detector=" + detector + ", model=" + model + ", metric=" + metric + ", alignment=" + alignment
        + ", enforceDetection=" + enforceDetection + ", expandPercentage=" + expandPercentage + ", minConfidence="
        + minConfidence + ", maxFaces=" + maxFaces + ", flip=" + flip + ", threshold=" + threshold + ", faceSize="
        + faceSize + ", antiSpoofing=" + antiSpoofing + ", minFaceSize=" + minFaceSize
        + (thresholdProfile == null ? "" : ", thresholdProfile=" + thresholdProfile.settings()) + "]";
  }

  /** Builder of {@link FaceOptions}; every setter returns the builder, {@link #build()} checks the values. */
  public static final class Builder {
    private String detector = DEFAULT_DETECTOR;
    private String model = DEFAULT_MODEL;
    private DistanceMetric metric = DistanceMetric.COSINE;
    private AlignmentMode alignment = AlignmentMode.LANDMARKS;
    private boolean enforceDetection = true;
    private double expandPercentage;
    private OptionalDouble minConfidence = OptionalDouble.empty();
    private int maxFaces = Integer.MAX_VALUE;
    private boolean flip;
    private OptionalDouble threshold = OptionalDouble.empty();
    private int faceSize = 112;
    private boolean antiSpoofing;
    private int minFaceSize;
    private ThresholdProfile thresholdProfile;

    private Builder() {}

    private Builder(FaceOptions o) {
      detector = o.detector;
      model = o.model;
      metric = o.metric;
      alignment = o.alignment;
      enforceDetection = o.enforceDetection;
      expandPercentage = o.expandPercentage;
      minConfidence = o.minConfidence;
      maxFaces = o.maxFaces;
      flip = o.flip;
      threshold = o.threshold;
      faceSize = o.faceSize;
      antiSpoofing = o.antiSpoofing;
      minFaceSize = o.minFaceSize;
      thresholdProfile = o.thresholdProfile;
    }

    public Builder detector(String detector) {
      this.detector = detector;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder metric(DistanceMetric metric) {
      this.metric = metric;
      return this;
    }

    public Builder alignment(AlignmentMode alignment) {
      this.alignment = alignment;
      return this;
    }

    /** DeepFace's {@code align=False} is {@code alignment(AlignmentMode.NONE)}. */
    public Builder align(boolean align) {
      this.alignment = align ? AlignmentMode.LANDMARKS : AlignmentMode.NONE;
      return this;
    }

    public Builder enforceDetection(boolean enforceDetection) {
      this.enforceDetection = enforceDetection;
      return this;
    }

    public Builder expandPercentage(double expandPercentage) {
      this.expandPercentage = expandPercentage;
      return this;
    }

    /** The lowest detector score kept, in [0, 1] (default: the detector's own). */
    public Builder minConfidence(double minConfidence) {
      this.minConfidence = OptionalDouble.of(minConfidence);
      return this;
    }

    /** Back to the detector's own minimum score. */
    public Builder detectorDefaultConfidence() {
      this.minConfidence = OptionalDouble.empty();
      return this;
    }

    public Builder maxFaces(int maxFaces) {
      this.maxFaces = maxFaces;
      return this;
    }

    public Builder flip(boolean flip) {
      this.flip = flip;
      return this;
    }

    /** A verification and search threshold of the caller's, in place of the calibrated one. */
    public Builder threshold(double threshold) {
      this.threshold = OptionalDouble.of(threshold);
      return this;
    }

    /** Back to the calibrated threshold. */
    public Builder calibratedThreshold() {
      this.threshold = OptionalDouble.empty();
      return this;
    }

    /**
     * Use thresholds calibrated on your own faces (see {@code io.deepface.calibrate.ThresholdCalibrator}) in place
     * of the shipped ones; {@code null} goes back to the shipped ones. A profile made with another model,
     * detector, alignment or flip setting than the options in use is refused when a threshold is needed.
     */
    public Builder thresholdProfile(ThresholdProfile profile) {
      this.thresholdProfile = profile;
      return this;
    }

    /**
     * Loads a threshold profile file (see {@link #thresholdProfile(ThresholdProfile)}).
     *
     * @throws io.deepface.verify.ThresholdProfileException when the file is missing or not a valid profile
     */
    public Builder thresholdProfile(Path file) {
      this.thresholdProfile = ThresholdProfile.load(file);
      return this;
    }

    public Builder faceSize(int faceSize) {
      this.faceSize = faceSize;
      return this;
    }

    /** Check faces with the anti-spoofing model and raise {@link SpoofDetectedException} on a fake. */
    public Builder antiSpoofing(boolean antiSpoofing) {
      this.antiSpoofing = antiSpoofing;
      return this;
    }

    /**
     * Ignore faces whose box is narrower than {@code pixels} (for example tiny faces in the background of a group
     * photo); 0, the default, keeps every face the detector finds.
     */
    public Builder minFaceSize(int pixels) {
      this.minFaceSize = pixels;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException for a value out of range (the message names it)
     * @throws NullPointerException for a missing detector, model, metric or alignment
     */
    public FaceOptions build() {
      return new FaceOptions(this);
    }
  }
}
