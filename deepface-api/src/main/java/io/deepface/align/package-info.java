/**
 * Face alignment: {@link io.deepface.align.FaceAligner} warps a detected face onto an embedder's crop
 * ({@link io.deepface.spi.AlignmentSpec}) by a least-squares similarity of its five landmarks (the default), by
 * DeepFace's eye rotation, or not at all ({@link io.deepface.align.AlignmentMode}).
 */
package io.deepface.align;
