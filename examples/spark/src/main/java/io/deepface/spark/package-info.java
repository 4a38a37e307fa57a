/**
 * DeepFace on Apache Spark: {@link io.deepface.spark.RepresentJob}, {@link io.deepface.spark.AnalyzeJob} and
 * {@link io.deepface.spark.ExtractFacesJob} read images with Spark's {@code binaryFile} source and write one Parquet
 * row per face (incremental by content hash, a bad image an error row); {@link io.deepface.spark.EmbeddingSearch} is an
 * exact distributed top-k over the embedding table; {@link io.deepface.spark.StoreLoader} loads it into a face database
 * store. Every executor JVM shares one {@link io.deepface.FaceEngine} ({@link io.deepface.spark.ExecutorEngines}).
 * {@link io.deepface.spark.DeepFaceSparkMain} is the {@code spark-submit} entry point.
 */
package io.deepface.spark;
