/**
 * Benchmarks (not part of the library): Per-backend timings of the components every backend offers (BackendTimings).
 * Run them with {@code deepface-benchmarks/run.sh}.
 */
package io.deepface.benchmarks.backends;
