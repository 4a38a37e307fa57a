/**
 * Fitting the embedding to your own faces: {@link io.deepface.adapt.TripletTrainer} learns a linear map on top of a
 * frozen embedder with FaceNet's triplet loss, saved as an {@link io.deepface.adapt.EmbeddingAdapter} file and used as
 * the model {@code <base>+adapter:<file>} through {@link io.deepface.adapt.AdaptedEmbedder}.
 */
package io.deepface.adapt;
