package io.deepface.stream;

import io.deepface.FaceOptions;
import io.deepface.find.FaceRepresenter;
import io.deepface.find.FindMatch;
import io.deepface.find.FindOptions;
import io.deepface.find.Gallery;
import io.deepface.find.SyncReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Recognition against a folder of photos through {@code find}'s machinery: the folder is synced once when the
 * recognizer opens (its representation cache is created or brought up to date), then every {@link #identify} is a
 * search of the in-memory index. The identity is the matched gallery image's path. Thread-safe; close it to
 * release the gallery.
 */
public final class GalleryRecognizer implements Recognizer, AutoCloseable {
  private final Gallery gallery;
  private final SyncReport syncReport;

  private GalleryRecognizer(Gallery gallery, SyncReport syncReport) {
    this.gallery = gallery;
    this.syncReport = syncReport;
  }

  /**
   * Opens the gallery folder and syncs it.
   *
   * @param engine the engine that embeds the gallery's photos (a {@code FaceEngine})
   * @throws io.deepface.find.FindException when the folder cannot be read
   */
  public static GalleryRecognizer open(FaceRepresenter engine, Path folder, FindOptions options) {
    Gallery g = Gallery.open(engine, folder, options.toBuilder().refresh(false).build());
    try {
      SyncReport report = g.sync();
      return new GalleryRecognizer(g, report);
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
  }

  /** What the sync on opening found (images, faces, images without a face, unreadable ones). */
  public SyncReport syncReport() {
    return syncReport;
  }

  public Gallery gallery() {
    return gallery;
  }

  @Override
  public FaceOptions faceOptions() {
    return gallery.options().face();
  }

  @Override
  public Optional<Identity> identify(float[] embedding) {
    List<FindMatch> matches = gallery.search(embedding);
    if (matches.isEmpty()) {
      return Optional.empty();
    }
    FindMatch m = matches.get(0);
    return Optional.of(new Identity(m.identity(), m.distance(), m.threshold(), m.confidence()));
  }

  @Override
  public void close() {
    gallery.close();
  }
}
