/**
 * Benchmarks (not part of the library): The LFW verification protocol: pairs, per-fold accuracy with thresholds from
 * the other folds, ROC AUC, TAR at FAR, ROC charts and catalog threshold entries (LfwBenchmark). Run them with
 * {@code deepface-benchmarks/run.sh}.
 */
package io.deepface.benchmarks.lfw;
