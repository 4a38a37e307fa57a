package io.deepface;

import io.deepface.image.ImageInput;
import io.deepface.verify.Calibration;
import io.deepface.verify.ThresholdNotFoundException;
import io.deepface.verify.ThresholdProfile;
import io.deepface.verify.ThresholdProfileException;
import io.deepface.verify.ThresholdTable;
import java.util.List;
import java.util.Objects;

/**
 * DeepFace's {@code verify}: the closest pair of faces between two images, judged against the threshold resolved
 * once per call ({@link #calibration}).
 */
final class Verifier {
  private final ThresholdTable thresholds;
  private final ComponentCache components;
  private final FacePipeline pipeline;

  Verifier(ThresholdTable thresholds, ComponentCache components, FacePipeline pipeline) {
    this.thresholds = thresholds;
    this.components = components;
    this.pipeline = pipeline;
  }

  VerifyResult verify(ImageInput img1, ImageInput img2, FaceOptions options) {
    long start = System.nanoTime();
    // Unknown component names and a missing calibration fail first, before any image is read.
    components.embedder(options.model());
    components.detector(options.detector());
    ThresholdTable.Entry calibration = calibration(options);
    // Both photos in one pipeline call: prepared on two cores at once, their faces embedded together.
    List<RepresentedImage> both = pipeline.represent(List.of(img1, img2), options);
    List<Representation> a = both.get(0).facesOrThrow();
    List<Representation> b = both.get(1).facesOrThrow();
    Representation bestA = null;
    Representation bestB = null;
    double best = Double.POSITIVE_INFINITY;
    for (Representation ra : a) {
      for (Representation rb : b) {
        double d = options.metric().distance(ra.embedding(), rb.embedding());
        if (d < best) {
          best = d;
          bestA = ra;
          bestB = rb;
        }
      }
    }
    return result(best, calibration, options, Objects.requireNonNull(bestA).facialArea(), bestB.facialArea(), start);
  }

  VerifyResult verify(float[] embedding1, float[] embedding2, FaceOptions options) {
    long start = System.nanoTime();
    ThresholdTable.Entry calibration = calibration(options);
    return result(options.metric().distance(embedding1, embedding2), calibration, options, null, null, start);
  }

  private static VerifyResult result(double distance, ThresholdTable.Entry cal, FaceOptions o, FacialArea a,
      FacialArea b, long start) {
    double confidence = Calibration.confidence(distance, cal.threshold(), cal.scale());
    return new VerifyResult(distance <= cal.threshold(), distance, cal.threshold(), confidence, o.model(),
        a == null ? null : o.detector(), o.metric(), o.alignment(), a, b, (System.nanoTime() - start) / 1e9);
  }

  /**
   * The threshold and confidence slope to use with {@code o}, resolved once: the calibrated entry for its
   * embedder, metric, alignment and flip (from the options' threshold profile when they have one, else the shipped
   * table), with the options' own threshold in its place when they give one; for an uncalibrated setting, the
   * options' threshold with a slope that spans it.
   */
  ThresholdTable.Entry calibration(FaceOptions o) {
    ThresholdTable.Entry calibrated = o.thresholdProfile().isPresent()
        ? fromProfile(o.thresholdProfile().get(), o)
        : thresholds.find(o.model(), o.metric(), o.alignment(), o.flip()).orElse(null);
    if (o.threshold().isEmpty()) {
      if (calibrated == null) {
        throw new ThresholdNotFoundException("No calibrated threshold for model " + o.model() + " with metric "
            + o.metric().deepFaceName() + ", alignment " + o.alignment() + ", flip " + o.flip()
            + "; pass one with FaceOptions.threshold(...). Calibrated settings: " + thresholds.entries().stream()
                .map(e -> e.embedder() + "/" + e.metric().deepFaceName() + "/" + e.alignment() + (e.flip() ? "/flip" : ""))
                .toList());
      }
      return calibrated;
    }
    double threshold = o.threshold().getAsDouble();
    if (calibrated != null) {
      return calibrated.withThreshold(threshold);
    }
    // No measured slope: make confidence go from about 99 at distance 0 to 50 at the threshold.
    double scale = threshold > 0 ? 4.6 / threshold : 1;
    return new ThresholdTable.Entry(o.model(), o.metric(), o.alignment(), o.flip(), threshold, scale,
        Double.NaN, Double.NaN);
  }

  private static ThresholdTable.Entry fromProfile(ThresholdProfile profile, FaceOptions o) {
    if (!profile.appliesTo(o.model(), o.detector(), o.alignment(), o.flip())) {
      throw new ThresholdProfileException("The threshold profile was calibrated for " + profile.settings()
          + ", but the options ask for " + ThresholdProfile.settings(o.model(), o.detector(), o.alignment(), o.flip())
          + "; calibrate a profile with these options or use the options it was made with.");
    }
    ThresholdProfile.Entry e = profile.entry(o.metric()).orElseThrow(() -> new ThresholdProfileException(
        "The threshold profile (" + profile.settings() + ") has no threshold for metric " + o.metric().deepFaceName()
            + "; it has " + profile.entries().stream().map(x -> x.metric().deepFaceName()).toList()));
    return new ThresholdTable.Entry(o.model(), o.metric(), o.alignment(), o.flip(), e.threshold(), e.scale(),
        e.accuracy(), e.accuracyStd());
  }
}
