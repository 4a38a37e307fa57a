package io.deepface.examples.cli;

import io.deepface.FaceOptions;
import io.deepface.align.AlignmentMode;
import io.deepface.verify.DistanceMetric;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The detection, alignment and embedding options shared by the face commands. */
final class FaceOptionsMixin {
  @Option(names = "--model", description = "embedder (default: ${DEFAULT-VALUE})", defaultValue = FaceOptions.DEFAULT_MODEL)
  String model;

  @Option(names = "--detector", defaultValue = FaceOptions.DEFAULT_DETECTOR,
      description = "detector: retinaface-yunet, retinaface, yunet, ultraface, blazeface, skip..."
          + " (default: ${DEFAULT-VALUE})")
  String detector;

  @Option(names = "--metric", description = "cosine, euclidean, euclidean_l2 or angular (default: ${DEFAULT-VALUE})",
      defaultValue = "cosine")
  String metric;

  @Option(names = "--alignment", description = "landmarks, eyes or none (default: ${DEFAULT-VALUE})", defaultValue = "landmarks")
  String alignment;

  @Option(names = "--no-align", description = "do not align faces (same as --alignment none)")
  boolean noAlign;

  @Option(names = "--enforce-detection", arity = "1", defaultValue = "true", paramLabel = "true|false",
      description = "fail when no face is found (true, default) or use the whole image (false)")
  boolean enforceDetection;

  @Option(names = "--threshold", description = "verification threshold (default: the calibrated one)")
  Double threshold;

  @Option(names = "--min-confidence", description = "lowest detector score kept (default: the detector's)")
  Double minConfidence;

  @Option(names = "--max-faces", paramLabel = "N",
      description = "keep at most N faces per image, the largest (default: all)")
  Integer maxFaces;

  @Option(names = "--min-face-size", paramLabel = "PIXELS", defaultValue = "0",
      description = "ignore faces narrower than this many pixels (default: ${DEFAULT-VALUE}, keep every face)")
  int minFaceSize;

  @Option(names = "--expand-percentage", defaultValue = "0", description = "grow face boxes by this percentage")
  double expandPercentage;

  @Option(names = "--flip", description = "add the embedding of the mirrored face (flip augmentation)")
  boolean flip;

  @Option(names = "--threshold-profile", paramLabel = "FILE",
      description = "thresholds calibrated on your own faces (written by `calibrate --out`) in place of the shipped"
          + " ones; refused when it was made with another model, detector, alignment or flip setting")
  Path thresholdProfile;

  FaceOptions toOptions() {
    FaceOptions.Builder b = FaceOptions.builder().model(model).detector(detector)
        .metric(DistanceMetric.parse(metric))
        .alignment(noAlign ? AlignmentMode.NONE : parseAlignment(alignment))
        .enforceDetection(enforceDetection).expandPercentage(expandPercentage).flip(flip).minFaceSize(minFaceSize);
    if (threshold != null) {
      b.threshold(threshold);
    }
    if (minConfidence != null) {
      b.minConfidence(minConfidence);
    }
    if (maxFaces != null) {
      b.maxFaces(maxFaces);
    }
    if (thresholdProfile != null) {
      b.thresholdProfile(thresholdProfile);
    }
    return b.build();
  }

  private static AlignmentMode parseAlignment(String s) {
    try {
      return AlignmentMode.valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown alignment '" + s + "'; use landmarks, eyes or none", e);
    }
  }
}
