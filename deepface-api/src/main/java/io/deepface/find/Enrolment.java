package io.deepface.find;

import io.deepface.image.ImageInput;
import java.util.Map;
import java.util.Objects;

/**
 * One image of a batch registration ({@link FaceDatabase#registerAll}).
 *
 * @param image the image
 * @param name the identity to register its faces under
 * @param metadata stored with every face of the image (may be empty)
 */
public record Enrolment(ImageInput image, String name, Map<String, String> metadata) {
  public Enrolment {
    Objects.requireNonNull(image, "image");
    FaceDatabase.checkName(name);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public Enrolment(ImageInput image, String name) {
    this(image, name, Map.of());
  }
}
