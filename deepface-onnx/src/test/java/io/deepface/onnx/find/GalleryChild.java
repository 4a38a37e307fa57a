package io.deepface.onnx.find;

import io.deepface.FaceEngine;
import io.deepface.find.FindOptions;
import io.deepface.find.Gallery;
import io.deepface.find.SyncReport;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a separate JVM for {@link TwoProcessFindTest}: loads the models, prints {@code ready}, waits for the
 * file named by the second argument to appear, syncs the gallery folder given as the first argument with the
 * find tests' options and prints {@code images detections} (images in the cache, images this process sent to
 * the detector).
 */
public final class GalleryChild {
  private GalleryChild() {}

  public static void main(String[] args) throws InterruptedException {
    CountingBackend calls = new CountingBackend();
    try (FaceEngine engine = FindTestSupport.engine(calls);
        Gallery g = Gallery.open(engine, Path.of(args[0]),
            FindOptions.builder().model(FindTestSupport.MODEL).threshold(0.5).build())) {
      engine.detector("yunet");
      engine.embedder(FindTestSupport.MODEL);
      System.out.println("ready");
      System.out.flush();
      Path go = Path.of(args[1]);
      while (!Files.exists(go)) {
        Thread.sleep(5);
      }
      SyncReport r = g.sync();
      System.out.println(r.images() + " " + calls.detections.get());
    }
    System.exit(0);
  }
}
