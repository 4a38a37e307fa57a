package io.deepface;

import io.deepface.align.AlignmentMode;
import io.deepface.verify.DistanceMetric;

/**
 * The answer to "are these the same person?".
 *
 * @param verified {@code distance <= threshold}
 * @param distance distance between the closest pair of faces (one from each image)
 * @param threshold the threshold used (calibrated, or the caller's)
 * @param confidence 0 to 100, decreasing with distance, 50 at the threshold: the calibrated probability
 *     that the faces are the same person, from a logistic fit on LFW
 * @param model the embedder
 * @param detector the detector (null when embeddings were given)
 * @param metric the distance metric
 * @param alignment the alignment mode
 * @param img1 where the chosen face is in the first image (null when embeddings were given)
 * @param img2 where the chosen face is in the second image
 * @param timeSeconds time the call took
 */
public record VerifyResult(boolean verified, double distance, double threshold, double confidence, String model,
    String detector, DistanceMetric metric, AlignmentMode alignment, FacialArea img1, FacialArea img2,
    double timeSeconds) {}
