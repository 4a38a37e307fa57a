/**
 * Benchmarks (not part of the library): Timings of the djl backend's own components (DjlTiming). Run them with
 * {@code deepface-benchmarks/run.sh}.
 */
package io.deepface.benchmarks.djl;
