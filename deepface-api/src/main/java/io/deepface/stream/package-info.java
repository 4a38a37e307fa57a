/**
 * Faces in video: DeepFace's {@code stream}. A {@link io.deepface.stream.VideoSource} gives frames (a backend such
 * as {@code deepface-opencv} reads files, network streams and cameras; this package needs no video library);
 * {@link io.deepface.stream.FaceStream} detects faces every {@code detectEvery} frames, tracks them in between,
 * recognises each track through a {@link io.deepface.stream.Recognizer} once it has been in view for
 * {@code frameThreshold} frames, smooths its attributes, and reports per-frame results and
 * {@link io.deepface.stream.StreamEvent events}; {@link io.deepface.stream.StreamAnnotator} draws them.
 */
package io.deepface.stream;
