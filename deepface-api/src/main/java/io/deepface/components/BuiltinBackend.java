package io.deepface.components;

import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.image.RgbImage;
import io.deepface.spi.BackendContext;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.ComponentKind;
import io.deepface.spi.DeepFaceBackend;
import io.deepface.spi.FaceDetector;
import java.util.List;

/** Components that need no model and no runtime: the {@code skip} detector. Always present. */
public final class BuiltinBackend implements DeepFaceBackend {
  static final ComponentInfo SKIP = new ComponentInfo(ComponentKind.DETECTOR, "skip", "builtin",
      "no detection: the whole image is the face (confidence 0), for inputs that are already face crops", List.of());

  @Override
  public String name() {
    return "builtin";
  }

  @Override
  public int rank() {
    return 1000;
  }

  @Override
  public List<ComponentInfo> components() {
    return List.of(SKIP);
  }

  @Override
  public FaceDetector createDetector(String name, BackendContext context) {
    if (!name.equals(SKIP.name())) {
      throw new UnsupportedOperationException("builtin offers no detector " + name);
    }
    return new SkipDetector();
  }

  /** Reports the whole image as one face with confidence 0, whatever the minimum confidence. */
  static final class SkipDetector implements FaceDetector {
    @Override
    public ComponentInfo info() {
      return SKIP;
    }

    @Override
    public List<DetectedFace> detect(RgbImage image, double minConfidence) {
      return List.of(new DetectedFace(new FaceBox(0, 0, image.width(), image.height()), 0, null));
    }

    @Override
    public double defaultConfidence() {
      return 0;
    }

    @Override
    public void close() {}
  }
}
