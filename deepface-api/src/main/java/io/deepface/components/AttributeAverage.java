package io.deepface.components;

import io.deepface.analysis.Age;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.Emotion;
import io.deepface.analysis.FaceAttribute;
import io.deepface.analysis.Gender;
import io.deepface.analysis.Race;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weighted mean of several predictions of the same face (a crop and its mirror image, or several models):
 * mean years for age, mean percentages for gender, emotion and race. Attributes that only some predictions
 * report are averaged over those that do.
 */
final class AttributeAverage {
  private AttributeAverage() {}

  /**
   * @param predictions each source's values for one face
   * @param weights one non-negative weight per source
   */
  static List<AttributeValue> of(List<List<AttributeValue>> predictions, double[] weights) {
    if (predictions.size() != weights.length) {
      throw new IllegalArgumentException(predictions.size() + " predictions but " + weights.length + " weights");
    }
    if (predictions.size() == 1) {
      return predictions.get(0);
    }
    Map<FaceAttribute, List<AttributeValue>> byAttribute = new EnumMap<>(FaceAttribute.class);
    Map<FaceAttribute, List<Double>> weightsByAttribute = new EnumMap<>(FaceAttribute.class);
    for (int i = 0; i < predictions.size(); i++) {
      for (AttributeValue v : predictions.get(i)) {
        byAttribute.computeIfAbsent(v.attribute(), k -> new ArrayList<>()).add(v);
        weightsByAttribute.computeIfAbsent(v.attribute(), k -> new ArrayList<>()).add(weights[i]);
      }
    }
    List<AttributeValue> out = new ArrayList<>();
    for (Map.Entry<FaceAttribute, List<AttributeValue>> e : byAttribute.entrySet()) {
      out.add(mean(e.getValue(), weightsByAttribute.get(e.getKey())));
    }
    return out;
  }

  private static AttributeValue mean(List<AttributeValue> values, List<Double> weights) {
    double total = weights.stream().mapToDouble(Double::doubleValue).sum();
    if (!(total > 0)) {
      throw new IllegalArgumentException("weights must have a positive sum, got " + weights);
    }
    AttributeValue first = values.get(0);
    if (first instanceof Age) {
      double years = 0;
      for (int i = 0; i < values.size(); i++) {
        years += weights.get(i) * ((Age) values.get(i)).years();
      }
      return new Age(years / total);
    }
    if (first instanceof Gender) {
      double man = 0;
      for (int i = 0; i < values.size(); i++) {
        man += weights.get(i) * ((Gender) values.get(i)).man();
      }
      man = Math.max(0, Math.min(100, man / total));
      return new Gender(100 - man, man);
    }
    if (first instanceof Emotion) {
      return new Emotion(meanScores(values.stream().map(v -> ((Emotion) v).scores()).toList(), weights, total));
    }
    if (first instanceof Race) {
      return new Race(meanScores(values.stream().map(v -> ((Race) v).scores()).toList(), weights, total));
    }
    throw new IllegalArgumentException("cannot average " + first.attribute() + " values");
  }

  private static Map<String, Double> meanScores(List<Map<String, Double>> scores, List<Double> weights, double total) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String label : scores.get(0).keySet()) {
      double sum = 0;
      for (int i = 0; i < scores.size(); i++) {
        Double v = scores.get(i).get(label);
        if (v == null) {
          throw new IllegalArgumentException("cannot average scores over different labels: " + scores.get(0).keySet()
              + " and " + scores.get(i).keySet());
        }
        sum += weights.get(i) * v;
      }
      out.put(label, Math.max(0, Math.min(100, sum / total)));
    }
    return out;
  }
}
