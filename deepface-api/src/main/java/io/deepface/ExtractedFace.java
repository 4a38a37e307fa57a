package io.deepface;

import io.deepface.image.RgbImage;

/**
 * One aligned face crop, as {@code DeepFace.extract_faces} returns it.
 *
 * @param face the aligned crop
 * @param facialArea where the face is in the input
 * @param confidence the detector's confidence (0 when the whole image was used)
 */
public record ExtractedFace(RgbImage face, FacialArea facialArea, double confidence) {}
