package io.deepface.find;

import java.util.List;

/**
 * What {@link FaceDatabase#register} stored for one image.
 *
 * @param image the image's description (its file name for a file)
 * @param name the identity the faces were registered under
 * @param imageHash SHA-256 of the image, hex
 * @param faces the stored faces with their ids (without embeddings), by face index
 * @param unchanged true when the store already held this image under this name, so nothing was embedded or
 *     written (a rerun of a batch)
 */
public record Registration(String image, String name, String imageHash, List<FaceRecord> faces, boolean unchanged) {
  public Registration {
    faces = List.copyOf(faces);
  }
}
