package io.deepface.find;

/**
 * Receives progress while a gallery folder is indexed: one event with {@code done == 0} before the first
 * image when there is work to do, then one after each batch of images, the last with {@code done == total}.
 * Events of one sync come one at a time, in order, from the indexing thread (never concurrently), so an
 * implementation needs no locking; it should return quickly.
 */
@FunctionalInterface
public interface IndexListener {
  /** A listener that ignores every event. */
  IndexListener NONE = p -> {};

  void onProgress(IndexProgress progress);
}
