package io.deepface;

import io.deepface.align.AlignmentMode;
import io.deepface.verify.DistanceMetric;
import java.util.Objects;

/**
 * Options of detection, alignment, embedding and verification, with DeepFace's defaults where DeepFace
 * has them. Immutable; build with {@link #builder()} or start from {@link #defaults()}.
 *
 * @param detector detector name ({@code retinaface}, the default; {@code yunet}, {@code ultraface}, {@code blazeface},
 *     {@code skip}...)
 * @param model embedder name ({@code fusion}, the default; {@code faceplugin-512}, {@code mobilefacenet-128}...)
 * @param metric distance metric for verification and search
 * @param alignment how faces are aligned before embedding
 * @param enforceDetection true: no face raises {@link FaceNotDetectedException}; false: the whole image
 *     is used as the face, with confidence 0
 * @param expandPercentage grow each box by this percentage of its size (clamped to the image)
 * @param minConfidence lowest detector score kept; NaN for the detector's own default
 * @param maxFaces keep at most this many faces per image, the largest (as DeepFace's {@code max_faces})
 * @param flip add the embedding of the mirrored face (flip augmentation); embeddings become unit length
 * @param threshold verification threshold; NaN for the calibrated one
 * @param faceSize side of the square crops {@code extractFaces} returns (ArcFace template scaled to it)
 * @param antiSpoofing check every face with the anti-spoofing model (MiniFASNet) in {@code represent},
 *     {@code verify} and {@code analyze}, and raise {@link SpoofDetectedException} on a fake, as DeepFace's
 *     {@code anti_spoofing=True}; off by default
 */
public record FaceOptions(String detector, String model, DistanceMetric metric, AlignmentMode alignment,
    boolean enforceDetection, double expandPercentage, double minConfidence, int maxFaces, boolean flip,
    double threshold, int faceSize, boolean antiSpoofing) {

  public static final String DEFAULT_DETECTOR = "retinaface";
  public static final String DEFAULT_MODEL = "fusion";
  private static final FaceOptions DEFAULTS = new Builder().build();

  public FaceOptions {
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(alignment, "alignment");
    if (!(expandPercentage >= 0) || expandPercentage > 1000) {
      throw new IllegalArgumentException("expandPercentage must be in [0, 1000], got " + expandPercentage);
    }
    if (!Double.isNaN(minConfidence) && (minConfidence < 0 || minConfidence > 1)) {
      throw new IllegalArgumentException("minConfidence must be in [0, 1], got " + minConfidence);
    }
    if (maxFaces < 1) {
      throw new IllegalArgumentException("maxFaces must be at least 1, got " + maxFaces);
    }
    if (!Double.isNaN(threshold) && !(threshold >= 0)) {
      throw new IllegalArgumentException("threshold must be >= 0, got " + threshold);
    }
    if (faceSize < 16 || faceSize > 4096) {
      throw new IllegalArgumentException("faceSize must be in [16, 4096], got " + faceSize);
    }
  }

  public static FaceOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builder of {@link FaceOptions}; every setter returns the builder. */
  public static final class Builder {
    private String detector = DEFAULT_DETECTOR;
    private String model = DEFAULT_MODEL;
    private DistanceMetric metric = DistanceMetric.COSINE;
    private AlignmentMode alignment = AlignmentMode.LANDMARKS;
    private boolean enforceDetection = true;
    private double expandPercentage;
    private double minConfidence = Double.NaN;
    private int maxFaces = Integer.MAX_VALUE;
    private boolean flip;
    private double threshold = Double.NaN;
    private int faceSize = 112;
    private boolean antiSpoofing;

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

    public Builder minConfidence(double minConfidence) {
      this.minConfidence = minConfidence;
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

    public Builder threshold(double threshold) {
      this.threshold = threshold;
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

    public FaceOptions build() {
      return new FaceOptions(detector, model, metric, alignment, enforceDetection, expandPercentage, minConfidence,
          maxFaces, flip, threshold, faceSize, antiSpoofing);
    }
  }
}
