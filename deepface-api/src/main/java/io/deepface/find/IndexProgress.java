package io.deepface.find;

import java.time.Duration;

/**
 * How far the indexing of a gallery folder has come, as {@link IndexListener}s see it.
 *
 * @param done images processed so far (embedded, found unchanged by content, without a face, or failed)
 * @param total images this sync has to process (new, modified and possibly modified ones; not the unchanged)
 * @param faces faces embedded so far
 * @param noFace images in which no face was found so far
 * @param failed images that could not be read or decoded so far
 * @param elapsed time since this sync started
 */
public record IndexProgress(int done, int total, int faces, int noFace, int failed, Duration elapsed) {
  /** True for the last event of a sync. */
  public boolean finished() {
    return done == total;
  }
}
