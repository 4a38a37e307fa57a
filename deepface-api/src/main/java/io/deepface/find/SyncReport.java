package io.deepface.find;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What bringing a gallery's representation cache up to date did. Paths are relative to the gallery folder,
 * with {@code /} separators.
 *
 * @param images images in the folder now
 * @param faces faces indexed now (searchable)
 * @param added new images embedded by this sync
 * @param modified changed images re-embedded by this sync
 * @param removed images gone from the folder, dropped from the cache
 * @param verified images whose size or modification time changed but whose content (SHA-256) did not: not
 *     re-embedded
 * @param embeddedImages images sent to the detector and embedder by this sync
 * @param embeddedFaces faces embedded by this sync
 * @param noFace every image of the folder in which no face was found (recorded, not retried until it changes)
 * @param failed every image of the folder that could not be decoded, with the reason (not retried until it
 *     changes)
 * @param cacheRebuilt the cache file was unreadable (corrupt, truncated, foreign or from another version) and
 *     was rebuilt from the images
 * @param problem why the cache was rebuilt, or why it could not be written (null when neither happened)
 * @param store the vector store searches use ({@code exact}, {@code hnsw}...)
 * @param elapsed time the sync took
 */
public record SyncReport(int images, int faces, List<String> added, List<String> modified, List<String> removed,
    int verified, int embeddedImages, int embeddedFaces, List<String> noFace, Map<String, String> failed,
    boolean cacheRebuilt, String problem, String store, Duration elapsed) {

  public SyncReport {
    added = List.copyOf(added);
    modified = List.copyOf(modified);
    removed = List.copyOf(removed);
    noFace = List.copyOf(noFace);
    failed = Map.copyOf(failed);
  }

  /** True when the sync changed nothing: no image was added, modified or removed and the cache was sound. */
  public boolean unchanged() {
    return added.isEmpty() && modified.isEmpty() && removed.isEmpty() && !cacheRebuilt;
  }
}
