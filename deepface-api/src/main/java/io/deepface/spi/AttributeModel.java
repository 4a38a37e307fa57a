package io.deepface.spi;

import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import java.util.List;
import java.util.Set;

/** Predicts attributes of a detected face from the original image. Thread-safe. */
public interface AttributeModel extends Component {
  /** The attributes {@link #predict} reports. */
  Set<FaceAttribute> attributes();

  /** One value per attribute in {@link #attributes()}, for {@code face} found in {@code image}. */
  List<AttributeValue> predict(RgbImage image, DetectedFace face);
}
