package io.deepface.find;

import io.deepface.FacialArea;

/**
 * One gallery face that matches a query face, as a row of DeepFace's {@code find} result.
 *
 * @param identity the gallery image's path (the folder joined with its relative path)
 * @param hash SHA-256 of the gallery image's bytes, in hex
 * @param distance distance between the query face and this face, in the metric of the search
 * @param threshold the threshold used (calibrated, or the caller's): every match has {@code distance <= threshold}
 * @param confidence 0 to 100, decreasing with distance, 50 at the threshold (see {@link io.deepface.VerifyResult})
 * @param source where the query face is in the query image (null when searching with an embedding)
 * @param target where the matched face is in the gallery image
 * @param targetFace index of the matched face among the faces found in the gallery image (0 for the first)
 */
public record FindMatch(String identity, String hash, double distance, double threshold, double confidence,
    FacialArea source, FacialArea target, int targetFace) {}
