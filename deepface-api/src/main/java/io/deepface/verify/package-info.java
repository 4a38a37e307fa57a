/**
 * Distances and thresholds: {@link io.deepface.verify.DistanceMetric} (cosine, euclidean, euclidean_l2, angular),
 * {@link io.deepface.verify.ThresholdTable} (the thresholds and confidence slopes calibrated on LFW for every
 * embedder, metric, alignment and flip setting, shipped in the catalog), and {@link io.deepface.verify.Calibration}
 * (choosing thresholds, cross-validated accuracy, ROC AUC and confidence, for calibrating new settings).
 */
package io.deepface.verify;
