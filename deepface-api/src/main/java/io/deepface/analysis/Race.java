package io.deepface.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apparent race (ethnicity group) of a face as DeepFace reports it: a percentage per class of the model that
 * computed it, summing to 100, and the dominant class.
 *
 * <p>The classes are the model's own. GEAR, the model this library ships, knows {@code white}, {@code black},
 * {@code asian}, {@code indian} and {@code other} (UTKFace's groups: {@code other} covers Hispanic, Latino and
 * Middle Eastern faces). Python DeepFace's model has six ({@code asian}, {@code indian}, {@code black},
 * {@code white}, {@code middle eastern}, {@code latino hispanic}): its last two have no class of their own here.
 *
 * @param scores class -> percentage, in the model's class order
 */
public record Race(Map<String, Double> scores) implements AttributeValue {
  public Race {
    if (scores.isEmpty()) {
      throw new IllegalArgumentException("race needs at least one class");
    }
    Map<String, Double> ordered = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : scores.entrySet()) {
      Double v = e.getValue();
      if (v == null || !(v >= 0 && v <= 100)) {
        throw new IllegalArgumentException("race " + e.getKey() + " must be a percentage in [0, 100], got " + v);
      }
      ordered.put(e.getKey(), v);
    }
    scores = Collections.unmodifiableMap(ordered);
  }

  /** Percentages from probabilities given in the order of {@code labels}, scaled to sum to 100. */
  public static Race fromProbabilities(List<String> labels, double[] probabilities) {
    if (probabilities.length != labels.size()) {
      throw new IllegalArgumentException("need " + labels.size() + " probabilities, got " + probabilities.length);
    }
    double sum = 0;
    for (double p : probabilities) {
      sum += p;
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < probabilities.length; i++) {
      m.put(labels.get(i), sum > 0 ? 100 * probabilities[i] / sum : 100.0 / probabilities.length);
    }
    return new Race(m);
  }

  /** The class with the highest percentage (the first on a tie). */
  public String dominant() {
    String best = null;
    for (Map.Entry<String, Double> e : scores.entrySet()) {
      if (best == null || e.getValue() > scores.get(best)) {
        best = e.getKey();
      }
    }
    return best;
  }

  @Override
  public FaceAttribute attribute() {
    return FaceAttribute.RACE;
  }
}
