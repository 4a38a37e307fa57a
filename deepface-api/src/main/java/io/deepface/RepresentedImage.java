package io.deepface;

import io.deepface.image.ImageInput;
import java.util.List;
import java.util.Objects;

/**
 * What a batch {@code represent} gives for one image: one representation per face, or the input error that
 * stopped that image (the others go on).
 *
 * @param input the image, as given
 * @param faces one representation per face, in the detector's order; empty when {@code error} is set
 * @param error why this image has no representations: {@link FaceNotDetectedException} (no face, detection
 *     enforced), {@link io.deepface.image.InvalidImageException} (unreadable or too large) or
 *     {@link SpoofDetectedException} (anti-spoofing on, a fake face); null when it has them
 */
public record RepresentedImage(ImageInput input, List<Representation> faces, DeepFaceException error) {
  public RepresentedImage {
    Objects.requireNonNull(input, "input");
    faces = List.copyOf(faces);
    if (error != null && !faces.isEmpty()) {
      throw new IllegalArgumentException("an image with an error has no faces");
    }
  }

  /** Whether this image failed ({@link #error()} says why). */
  public boolean failed() {
    return error != null;
  }

  /**
   * The faces, or the error this image failed with, thrown.
   *
   * @throws DeepFaceException the image's {@link #error()}
   */
  public List<Representation> facesOrThrow() {
    if (error != null) {
      throw error;
    }
    return faces;
  }
}
