package io.deepface.find;

import io.deepface.FacialArea;
import java.util.Map;
import java.util.Objects;

/**
 * One registered face of a {@link FaceDatabase}: who it is, which image and which face of that image it came from,
 * where the face is in that image, and its embedding.
 *
 * @param id the face's id, {@code <imageHash>#<faceIndex>} (see {@link #idOf}): registering the same image again
 *     yields the same ids, so a rerun never duplicates faces
 * @param name the identity the caller registered the face under (DeepFace's {@code img_name})
 * @param imageHash SHA-256 of the image's bytes (or pixels, for a decoded image), lower-case hex
 * @param faceIndex index of the face among the faces the detector found in the image (0 for the first)
 * @param facialArea where the face is in the registered image
 * @param faceConfidence the detector's confidence
 * @param metadata the caller's metadata (string keys and values; empty when none)
 * @param embedding the vector as the database stores it (unit length for the cosine and euclidean_l2 metrics); may be
 *     null in records a store returns without vectors
 */
public record FaceRecord(String id, String name, String imageHash, int faceIndex, FacialArea facialArea,
    double faceConfidence, Map<String, String> metadata, float[] embedding) {
  public FaceRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(imageHash, "imageHash");
    Objects.requireNonNull(facialArea, "facialArea");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    if (faceIndex < 0) {
      throw new IllegalArgumentException("faceIndex must not be negative, got " + faceIndex);
    }
  }

  /** The id of face {@code faceIndex} of the image with SHA-256 {@code imageHash}. */
  public static String idOf(String imageHash, int faceIndex) {
    return imageHash + "#" + faceIndex;
  }

  /** This record without its embedding (what searches return). */
  public FaceRecord withoutEmbedding() {
    return embedding == null ? this : new FaceRecord(id, name, imageHash, faceIndex, facialArea, faceConfidence,
        metadata, null);
  }
}
