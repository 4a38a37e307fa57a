/**
 * Benchmarks (not part of the library): The JMH speed suite (SpeedSuite runs every benchmark class here), bare ONNX
 * Runtime baselines and the Markdown report. Run them with {@code deepface-benchmarks/run.sh}.
 */
package io.deepface.benchmarks.speed;
