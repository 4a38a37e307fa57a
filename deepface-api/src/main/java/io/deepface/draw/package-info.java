/**
 * Drawing results onto images: {@link io.deepface.draw.FaceAnnotator} draws boxes, landmarks, head-pose axes and
 * an age / gender / emotion label onto a copy of an image, from {@link io.deepface.FaceAnalysis} results;
 * {@link io.deepface.draw.RocChart} draws ROC curves and {@link io.deepface.draw.EmbeddingMapChart} an embedding map.
 * Charts are written to a temporary file and moved into place.
 */
package io.deepface.draw;
