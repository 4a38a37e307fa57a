/**
 * Drawing results onto images: {@link io.deepface.draw.FaceAnnotator} draws boxes, landmarks, head-pose axes and
 * an age / gender / emotion label onto a copy of an image, from {@link io.deepface.FaceAnalysis} results.
 */
package io.deepface.draw;
