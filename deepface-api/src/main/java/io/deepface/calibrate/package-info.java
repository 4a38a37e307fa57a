/**
 * Threshold calibration on a deployment's own faces: {@link io.deepface.calibrate.LabelledPairs} (labelled pairs from
 * a pairs file, a folder per person or a CSV, with identity-disjoint folds), {@link
 * io.deepface.calibrate.ThresholdCalibrator} (embeds every photo once, then the ROC curve, AUC, EER, the
 * best-accuracy threshold and thresholds for target false accept rates, all cross-validated) and {@link
 * io.deepface.calibrate.CalibrationReport}, which becomes a {@link io.deepface.verify.ThresholdProfile} that
 * {@code FaceOptions} loads.
 */
package io.deepface.calibrate;
