package io.deepface.components;

import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.FaceAttribute;
import io.deepface.analysis.FaceLandmarks68;
import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.ComponentInfo;
import java.util.List;
import java.util.Set;

/** The {@code landmarks} analysis: {@link Landmarks68Model}'s 68 points for each face, in image coordinates. */
public final class LandmarksAttributeModel extends RunnerComponent implements AttributeModel {
  private final Landmarks68Model landmarks;

  public LandmarksAttributeModel(ComponentInfo info, TensorRunner runner) {
    super(info, List.of(runner));
    this.landmarks = new Landmarks68Model(runner);
  }

  @Override
  public Set<FaceAttribute> attributes() {
    return Set.of(FaceAttribute.LANDMARKS);
  }

  @Override
  public List<AttributeValue> predict(RgbImage image, DetectedFace face) {
    return List.of(new FaceLandmarks68(landmarks.predict(image, face.box())));
  }
}
