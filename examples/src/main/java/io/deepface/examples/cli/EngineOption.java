package io.deepface.examples.cli;

import io.deepface.DeepFace;
import io.deepface.FaceEngine;
import io.deepface.image.ImageLimits;
import picocli.CommandLine.Option;

/** The engine a command uses: the shared one, or, with {@code --max-pixels}, one that accepts larger images. */
final class EngineOption {
  private static FaceEngine larger;
  private static long largerPixels;

  @Option(names = "--max-pixels", paramLabel = "N",
      description = "largest image accepted, in pixels (default: " + ImageLimits.DEFAULT_MAX_PIXELS + ")")
  Long maxPixels;

  FaceEngine engine() {
    if (maxPixels == null) {
      return DeepFace.engine();
    }
    synchronized (EngineOption.class) {
      if (larger == null || largerPixels != maxPixels) {
        larger = FaceEngine.builder().imageLimits(ImageLimits.defaults().withMaxPixels(maxPixels)).build();
        largerPixels = maxPixels;
      }
      return larger;
    }
  }
}
