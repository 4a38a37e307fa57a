package io.deepface.spi;

import io.deepface.image.RgbImage;
import java.util.List;

/** Turns aligned face crops into vectors. Thread-safe. */
public interface FaceEmbedder extends Component {
  /** Length of every vector {@link #embed} returns. */
  int dimension();

  /** The crop size and landmark template the model was trained with. */
  AlignmentSpec alignment();

  /**
   * One vector per face, in order. Each face is a crop of {@link #alignment()}'s size. Vectors are
   * returned as the model gives them (not normalised); the caller normalises when its metric needs it.
   */
  float[][] embed(List<RgbImage> alignedFaces);
}
