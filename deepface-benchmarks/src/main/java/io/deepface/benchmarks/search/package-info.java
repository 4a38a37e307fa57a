/**
 * Benchmarks (not part of the library): Exact and HNSW search at scale over synthetic face-like vectors
 * (SearchScaleBenchmark). Run them with {@code deepface-benchmarks/run.sh}.
 */
package io.deepface.benchmarks.search;
