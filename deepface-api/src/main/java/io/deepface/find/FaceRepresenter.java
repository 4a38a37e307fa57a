package io.deepface.find;

import io.deepface.FaceOptions;
import io.deepface.RepresentedImage;
import io.deepface.image.ImageInput;
import io.deepface.verify.ThresholdTable;
import java.util.List;

/**
 * What a {@link Gallery} needs from a face engine, and nothing more: embed the faces of a batch of images under
 * given options, the length of those embeddings, and the threshold to search with. {@code FaceEngine} implements
 * it; a test or an application may supply another (a remote embedding service, a fake).
 */
public interface FaceRepresenter {
  /**
   * One result per image, in order: its faces (detected, aligned and embedded as {@code options} say), or the
   * input error that stopped it (no face with detection enforced, an unreadable image, a fake face with
   * anti-spoofing on). Must be thread-safe: a gallery calls it from several indexing threads at once.
   */
  List<RepresentedImage> represent(List<ImageInput> images, FaceOptions options);

  /** The length of the embeddings {@link #represent} gives under {@code options}. */
  int dimension(FaceOptions options);

  /**
   * The threshold and confidence slope to search with under {@code options}: the calibrated one, or the options'
   * own threshold.
   *
   * @throws io.deepface.verify.ThresholdNotFoundException when neither exists
   */
  ThresholdTable.Entry calibration(FaceOptions options);

  /**
   * What implements the components {@code options} name, for example {@code detector=onnx,embedder=onnx}: two
   * backends may offer components of one name that give different faces or vectors (the onnx and opencv backends'
   * {@code yunet} run different models), so a gallery's cache is named after it too. Empty (the default) for a
   * representer with one implementation only.
   */
  default String provenance(FaceOptions options) {
    return "";
  }
}
