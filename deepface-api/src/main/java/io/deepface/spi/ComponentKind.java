package io.deepface.spi;

/** The three kinds of component a backend can offer. */
public enum ComponentKind {
  /** Finds faces: boxes, confidence and landmarks when the model gives them. */
  DETECTOR,
  /** Turns an aligned face crop into a vector. */
  EMBEDDER,
  /** Predicts attributes (age, emotion, pose...) of a detected face. */
  ATTRIBUTE
}
