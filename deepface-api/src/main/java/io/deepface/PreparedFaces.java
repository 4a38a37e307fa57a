package io.deepface;

import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import java.util.List;

/**
 * The faces of one image, detected and aligned for an embedder but not yet embedded: what
 * {@link FaceEngine#prepareFaces} returns and {@link FaceEngine#embedPrepared} consumes.
 *
 * @param faces the detected faces, in the order the detector rules leave them
 * @param crops one aligned crop per face, of the embedder's input size
 */
public record PreparedFaces(List<DetectedFace> faces, List<RgbImage> crops) {
  public PreparedFaces {
    faces = List.copyOf(faces);
    crops = List.copyOf(crops);
    if (faces.size() != crops.size()) {
      throw new IllegalArgumentException(faces.size() + " faces but " + crops.size() + " crops");
    }
  }
}
