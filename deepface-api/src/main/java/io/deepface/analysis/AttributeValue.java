package io.deepface.analysis;

/** One attribute an {@link io.deepface.spi.AttributeModel} predicted for one face. */
public interface AttributeValue {
  /** Which attribute this value reports. */
  FaceAttribute attribute();
}
