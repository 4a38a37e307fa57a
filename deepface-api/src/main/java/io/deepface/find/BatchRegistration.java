package io.deepface.find;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a batch registration: what was stored, what was not and why. A failed image (no face, unreadable)
 * does not stop the batch; a store failure (server unreachable, a transaction refused) does, and every image not
 * yet stored is then listed in {@link #failed()} with that reason. Rerunning the same batch stores the rest and
 * duplicates nothing.
 *
 * @param registered the images stored (or found already stored), in batch order
 * @param failed the images not stored, in batch order
 * @param storeFailure the store's error that stopped the batch, or null when it ran to the end
 * @param elapsed time taken
 */
public record BatchRegistration(List<Registration> registered, List<Failure> failed, String storeFailure,
    Duration elapsed) {
  public BatchRegistration {
    registered = List.copyOf(registered);
    failed = List.copyOf(failed);
  }

  /**
   * One image of the batch that was not stored.
   *
   * @param index its position in the batch
   * @param image its description
   * @param reason why
   */
  public record Failure(int index, String image, String reason) {}

  /** Number of faces stored (or found stored) by the batch. */
  public int faces() {
    return registered.stream().mapToInt(r -> r.faces().size()).sum();
  }

  /** Progress of a batch registration, reported after every chunk of images. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = (done, total, failed) -> {};

    /** {@code done} of {@code total} images handled so far, {@code failed} of them not stored. */
    void progress(int done, int total, int failed);
  }
}
