package io.deepface.calibrate;

import io.deepface.align.AlignmentMode;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.RocCurve;
import io.deepface.verify.ThresholdProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What calibration measured, for every metric: ROC curve, AUC, EER, the best-accuracy threshold with its
 * cross-validated accuracy, and a threshold per target false accept rate with its true accept rate and confidence
 * intervals. {@link #toProfile} turns it into a {@link ThresholdProfile}.
 *
 * @param embedder the embedder the photos were embedded with
 * @param detector the detector
 * @param alignment the alignment
 * @param flip flip augmentation
 * @param source what the pairs were made from
 * @param folds cross-validation folds
 * @param images photos embedded
 * @param failedImages photos that gave no embedding (no face, unreadable), with the reason; their pairs are skipped
 * @param skippedPairs pairs left out because one of their photos failed
 * @param genuinePairs same-person pairs used
 * @param impostorPairs different-person pairs used
 * @param primaryMetric the metric of the face options (the report's main one)
 * @param metrics one report per metric
 */
public record CalibrationReport(String embedder, String detector, AlignmentMode alignment, boolean flip, String source,
    int folds, int images, Map<String, String> failedImages, long skippedPairs, long genuinePairs, long impostorPairs,
    DistanceMetric primaryMetric, List<MetricReport> metrics) {

  /**
   * Calibration of one metric.
   *
   * @param threshold the best-accuracy threshold on all pairs
   * @param thresholdStd spread of the best-accuracy thresholds chosen on each fold's training folds
   * @param accuracy mean cross-validated accuracy (each fold scored with the threshold of the others)
   * @param accuracyStd its standard deviation over the folds
   * @param auc area under the ROC curve
   * @param eer equal error rate
   * @param scale slope of the logistic confidence curve at {@code threshold}
   * @param operatingPoints one per target FAR asked for
   * @param roc the ROC curve over all pairs
   */
  public record MetricReport(DistanceMetric metric, double threshold, double thresholdStd, double accuracy,
      double accuracyStd, double auc, double eer, double scale, List<OperatingPoint> operatingPoints, RocCurve roc) {
    public MetricReport {
      operatingPoints = List.copyOf(operatingPoints);
    }

    /** The operating point for {@code far}, if it was asked for. */
    public OptionalDouble thresholdAtFar(double far) {
      return operatingPoints.stream().filter(p -> p.targetFar() == far).mapToDouble(OperatingPoint::threshold)
          .findFirst();
    }
  }

  /**
   * A threshold for a target false accept rate.
   *
   * @param targetFar the FAR asked for
   * @param threshold the largest threshold accepting at most that share of all different-person pairs
   * @param tar the share of same-person pairs it accepts
   * @param far the share of different-person pairs it accepts (at most {@code targetFar})
   * @param farLow lower end of the 95 % (Wilson) interval of the true FAR, from the number of impostor pairs
   * @param farHigh its upper end: what the data can tell; when it is far above the target, the target is not
   *     supported by the data
   * @param cvTar mean TAR on held-out folds, each at the threshold chosen for the target on the other folds
   * @param cvTarLow lower end of the 95 % confidence interval of {@code cvTar} over the folds (Student's t)
   * @param cvTarHigh its upper end
   * @param cvFar mean FAR on held-out folds at those thresholds (how well the target holds on unseen faces)
   * @param supported whether there are enough different-person pairs to measure the target: at least 10 expected
   *     false accepts ({@code impostorPairs * targetFar >= 10})
   */
  public record OperatingPoint(double targetFar, double threshold, double tar, double far, double farLow,
      double farHigh, double cvTar, double cvTarLow, double cvTarHigh, double cvFar, boolean supported) {

    /** A sentence for a report: what this point means, and when the data cannot support it. */
    public String note(long impostorPairs) {
      if (supported) {
        return String.format(Locale.ROOT, "%d different-person pairs support FAR %.0e", impostorPairs, targetFar);
      }
      return String.format(Locale.ROOT, "not supported by the data: FAR %.0e needs at least %d different-person pairs"
          + " (10 expected false accepts), there are %d; the threshold is only an estimate", targetFar,
          (long) Math.ceil(10 / targetFar), impostorPairs);
    }
  }

  public CalibrationReport {
    failedImages = Map.copyOf(failedImages);
    metrics = List.copyOf(metrics);
  }

  /** The report of {@code metric}. */
  public MetricReport metric(DistanceMetric metric) {
    return metrics.stream().filter(m -> m.metric() == metric).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no report for metric " + metric));
  }

  /** The report of the face options' metric. */
  public MetricReport primary() {
    return metric(primaryMetric);
  }

  /**
   * A threshold profile with one entry per metric: the best-accuracy threshold when {@code far} is empty, else the
   * threshold for that target FAR (which must be one the calibration was asked for).
   *
   * @throws IllegalArgumentException when {@code far} was not among the calibrated targets
   */
  public ThresholdProfile toProfile(OptionalDouble far) {
    List<ThresholdProfile.Entry> entries = new ArrayList<>();
    for (MetricReport m : metrics) {
      if (far.isEmpty()) {
        entries.add(new ThresholdProfile.Entry(m.metric(), m.threshold(), m.scale(), "best accuracy", m.accuracy(),
            m.accuracyStd()));
      } else {
        double t = m.thresholdAtFar(far.getAsDouble()).orElseThrow(() -> new IllegalArgumentException("FAR "
            + far.getAsDouble() + " was not calibrated; calibrated: " + m.operatingPoints().stream()
                .map(OperatingPoint::targetFar).toList()));
        entries.add(new ThresholdProfile.Entry(m.metric(), t, m.scale(),
            String.format(Locale.ROOT, "FAR %.0e", far.getAsDouble()), Double.NaN, Double.NaN));
      }
    }
    String from = String.format(Locale.ROOT, "%s: %d same-person and %d different-person pairs, %d folds", source,
        genuinePairs, impostorPairs, folds);
    return new ThresholdProfile(embedder, detector, alignment, flip, entries, from);
  }
}
