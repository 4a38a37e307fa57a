/**
 * Benchmarks (not part of the library): Memory over many verify calls (MemoryCheck) and cold start to the first
 * result (ColdStart, FirstVerify). Run them with {@code deepface-benchmarks/run.sh}.
 */
package io.deepface.benchmarks.memory;
