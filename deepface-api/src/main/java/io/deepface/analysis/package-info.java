/**
 * The values {@code analyze} reports, one record per attribute: {@link io.deepface.analysis.Age},
 * {@link io.deepface.analysis.Gender}, {@link io.deepface.analysis.Emotion}, {@link io.deepface.analysis.HeadPose},
 * {@link io.deepface.analysis.FaceLandmarks68}, {@link io.deepface.analysis.EyeState},
 * {@link io.deepface.analysis.AntiSpoof}, each an {@link io.deepface.analysis.AttributeValue} of one
 * {@link io.deepface.analysis.FaceAttribute}. Attribute models ({@link io.deepface.spi.AttributeModel}) return them.
 */
package io.deepface.analysis;
