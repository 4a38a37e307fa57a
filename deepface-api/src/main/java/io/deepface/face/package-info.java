/**
 * Where faces are: {@link io.deepface.face.DetectedFace} (a box, the detector's confidence and optional
 * landmarks), {@link io.deepface.face.FaceBox}, {@link io.deepface.face.FaceLandmarks} (five points, named from
 * the subject's side) and {@link io.deepface.face.Point}, in the image's own pixel coordinates. Detectors
 * ({@link io.deepface.spi.FaceDetector}) return them; the rest of the pipeline consumes them.
 */
package io.deepface.face;
