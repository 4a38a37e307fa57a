/**
 * Video input and output through FFmpeg (JavaCV): {@link io.deepface.opencv.video.FfmpegVideoSource} reads files,
 * network streams and cameras as {@link io.deepface.stream.VideoSource}s for {@code DeepFace.stream};
 * {@link io.deepface.opencv.video.FfmpegVideoWriter} writes annotated videos atomically.
 */
package io.deepface.opencv.video;
