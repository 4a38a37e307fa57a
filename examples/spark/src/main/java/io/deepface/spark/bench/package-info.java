/**
 * The Spark module's own benchmark, {@link io.deepface.spark.bench.SparkBenchmark}: represent on Spark against the
 * plain library on the same images, and the distributed exact top-k over a million stored embeddings.
 */
package io.deepface.spark.bench;
