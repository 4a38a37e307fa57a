package io.deepface.analysis;

/** What {@code analyze} can report about a face; each is computed only when asked for. */
public enum FaceAttribute {
  AGE, GENDER, EMOTION, RACE, POSE, LANDMARKS, EYES, SPOOF
}
