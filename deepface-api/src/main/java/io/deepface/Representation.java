package io.deepface;

/**
 * One face's embedding, as {@code DeepFace.represent} returns it.
 *
 * @param embedding the vector (as the model gives it; unit length when flip augmentation is on)
 * @param facialArea where the face is
 * @param faceConfidence the detector's confidence (0 when the whole image was used)
 */
public record Representation(float[] embedding, FacialArea facialArea, double faceConfidence) {}
