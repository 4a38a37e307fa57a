package io.deepface.spi;

import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import java.util.List;

/** Finds faces in an image. Thread-safe. */
public interface FaceDetector extends Component {
  /**
   * Every face scoring at least {@code minConfidence}, after non-maximum suppression, in the image's own
   * pixel coordinates (whatever size and aspect ratio it has), sorted by confidence, highest first.
   * Landmarks follow {@link io.deepface.face.FaceLandmarks}'s subject-side naming.
   */
  List<DetectedFace> detect(RgbImage image, double minConfidence);

  /** The score threshold the model's authors use; the pipeline's default minimum confidence. */
  double defaultConfidence();
}
