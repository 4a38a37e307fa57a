package io.deepface;

import io.deepface.image.RgbImage;

/**
 * One aligned face crop, as {@code DeepFace.extract_faces} returns it.
 *
 * @param face the aligned crop
 * @param facialArea where the face is in the input
 * @param faceConfidence the detector's confidence (0 when the whole image was used); DeepFace's
 *     {@code confidence} key of {@code extract_faces}, named as {@link Representation#faceConfidence()} and
 *     {@link FaceAnalysis#faceConfidence()} are, apart from {@link VerifyResult#confidence()}
 */
public record ExtractedFace(RgbImage face, FacialArea facialArea, double faceConfidence) {}
