package io.deepface.stream;

import java.util.Objects;

/**
 * Who a face is, as a {@link Recognizer} says.
 *
 * @param identity the gallery image's path, or the name a face database stores
 * @param distance the distance between the face and the identity's closest enrolled face
 * @param threshold the threshold the match passed ({@code distance <= threshold})
 * @param confidence 0 to 100, 50 at the threshold, as {@code verify} and {@code find} report it
 */
public record Identity(String identity, double distance, double threshold, double confidence) {
  public Identity {
    Objects.requireNonNull(identity, "identity");
  }

  /**
   * A short name for labels: the last two parts of the identity without the file extension ({@code Alice/alice_2}
   * for {@code /data/people/Alice/alice_2.jpg}), the identity itself when it is not a path.
   */
  public String displayName() {
    String[] parts = identity.split("[/\\\\]");
    String last = parts[parts.length - 1];
    int dot = last.lastIndexOf('.');
    if (dot > 0) {
      last = last.substring(0, dot);
    }
    return parts.length >= 2 && !parts[parts.length - 2].isEmpty() ? parts[parts.length - 2] + "/" + last : last;
  }
}
