package io.deepface.stream;

import io.deepface.FaceOptions;
import java.util.Optional;

/**
 * Names a face from its embedding: the one thing stream analysis needs of a gallery or a face database.
 * {@link GalleryRecognizer} searches a folder of photos as {@code find} does; a face database adapts with a few
 * lines (its search, its options). Implementations must be thread-safe.
 */
public interface Recognizer {
  /**
   * The options the embeddings given to {@link #identify} must be computed with (embedder, alignment, flip,
   * metric, threshold): those of the gallery or database.
   */
  FaceOptions faceOptions();

  /**
   * The closest known identity within the threshold, or empty for an unknown face.
   *
   * @param embedding an embedding computed with {@link #faceOptions()}
   */
  Optional<Identity> identify(float[] embedding);
}
