/**
 * The entry points, after Python DeepFace: {@link io.deepface.DeepFace}'s static methods ({@code verify},
 * {@code represent}, {@code find}, {@code extractFaces}, {@code analyze}) over one shared
 * {@link io.deepface.FaceEngine}, or an engine of your own (its own model repository, backends, image limits).
 *
 * <p>Options are immutable and built with builders: {@link io.deepface.FaceOptions} (detection, alignment,
 * embedding, verification) and {@link io.deepface.AnalyzeOptions} (which attributes, by which models); search has
 * {@link io.deepface.find.FindOptions}. Results are records: {@link io.deepface.VerifyResult},
 * {@link io.deepface.Representation}, {@link io.deepface.ExtractedFace}, {@link io.deepface.FaceAnalysis}.
 *
 * <p>Every exception the library throws on purpose is a {@link io.deepface.DeepFaceException}; the subclasses say
 * what went wrong ({@link io.deepface.FaceNotDetectedException}, {@link io.deepface.SpoofDetectedException},
 * {@link io.deepface.image.InvalidImageException}, {@link io.deepface.model.ModelNotFoundException}...).
 */
package io.deepface;
