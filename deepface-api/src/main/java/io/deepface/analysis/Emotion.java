package io.deepface.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Facial expression as DeepFace reports it: a percentage for each of its seven labels, summing to 100.
 *
 * @param scores label -> percentage, in the order of {@link #LABELS}
 */
public record Emotion(Map<String, Double> scores) implements AttributeValue {
  /** DeepFace's emotion labels, in its order. */
  public static final List<String> LABELS = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");

  public Emotion {
    if (!scores.keySet().equals(new java.util.HashSet<>(LABELS))) {
      throw new IllegalArgumentException("emotion scores need exactly the labels " + LABELS + ", got " + scores.keySet());
    }
    Map<String, Double> ordered = new LinkedHashMap<>();
    for (String l : LABELS) {
      Double v = scores.get(l);
      if (v == null || !(v >= 0 && v <= 100)) {
        throw new IllegalArgumentException("emotion " + l + " must be a percentage in [0, 100], got " + v);
      }
      ordered.put(l, v);
    }
    scores = Collections.unmodifiableMap(ordered);
  }

  /** Percentages from probabilities given in the order of {@link #LABELS}. */
  public static Emotion fromProbabilities(double[] probabilities) {
    if (probabilities.length != LABELS.size()) {
      throw new IllegalArgumentException("need " + LABELS.size() + " probabilities, got " + probabilities.length);
    }
    double sum = 0;
    for (double p : probabilities) {
      sum += p;
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < probabilities.length; i++) {
      m.put(LABELS.get(i), 100 * probabilities[i] / sum);
    }
    return new Emotion(m);
  }

  /** The label with the highest percentage. */
  public String dominant() {
    String best = LABELS.get(0);
    for (String l : LABELS) {
      if (scores.get(l) > scores.get(best)) {
        best = l;
      }
    }
    return best;
  }

  @Override
  public FaceAttribute attribute() {
    return FaceAttribute.EMOTION;
  }
}
