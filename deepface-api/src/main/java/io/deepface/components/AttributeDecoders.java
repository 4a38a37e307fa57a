package io.deepface.components;

import io.deepface.analysis.Age;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.Emotion;
import io.deepface.analysis.Gender;
import io.deepface.analysis.Race;
import io.deepface.runtime.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the attribute models' outputs become DeepFace's values. Each decoder reads outputs by the graph's
 * names and fails with the names it found when one is missing or has the wrong size.
 */
public final class AttributeDecoders {
  /** GEAR's race classes, in its output order (UTKFace's groups). */
  public static final List<String> GEAR_RACES = List.of("white", "black", "asian", "indian", "other");
  /** The ages GEAR's seven age classes stand for (human's weights for its classes below 20 .. above 60). */
  static final double[] GEAR_AGES = {15, 23, 28, 35.5, 45.5, 55.5, 65};
  /** face-api's expression order, and where each lands in DeepFace's (angry, disgust, fear, happy, sad, surprise, neutral). */
  static final int[] FACE_API_TO_DEEPFACE = {6, 3, 4, 0, 2, 1, 5};

  private AttributeDecoders() {}

  /** A probability of "man" in [0, 1] as DeepFace's percentages. */
  public static Gender gender(double pMan) {
    double man = 100 * Math.max(0, Math.min(1, pMan));
    return new Gender(100 - man, man);
  }

  /** GEAR's three heads: age (classes decoded to years), gender ({@code [man, woman]}), race. */
  public static List<AttributeValue> gear(Map<String, Tensor> out) {
    float[] age = values(out, "Identity", 7);
    float[] gender = values(out, "Identity_1", 2);
    float[] race = values(out, "Identity_2", 5);
    return List.of(new Age(expectation(age, GEAR_AGES)), gender(gender[0] / (double) (gender[0] + gender[1])),
        Race.fromProbabilities(GEAR_RACES, toDouble(race)));
  }

  /** HSE FaceRes: the gender sigmoid (above 0.5: man) and the expected age of the 100-class age softmax. */
  public static List<AttributeValue> faceRes(Map<String, Tensor> out) {
    float[] gender = values(out, "gender_pred/Sigmoid", 1);
    float[] age = values(out, "age_pred/Softmax", 100);
    double[] years = new double[100];
    for (int i = 0; i < years.length; i++) {
      years[i] = i;
    }
    return List.of(new Age(expectation(age, years)), gender(gender[0]));
  }

  /** A two-class gender softmax whose class {@code manIndex} is "man". */
  public static List<AttributeValue> genderSoftmax(Map<String, Tensor> out, String name, int manIndex) {
    float[] p = values(out, name, 2);
    return List.of(gender(p[manIndex] / (double) (p[0] + p[1])));
  }

  /** A single sigmoid-like gender score, 1 for "man". */
  public static List<AttributeValue> genderScore(Map<String, Tensor> out, String name) {
    return List.of(gender(values(out, name, 1)[0]));
  }

  /** An age regression in years. */
  public static List<AttributeValue> ageYears(Map<String, Tensor> out, String name) {
    return List.of(new Age(values(out, name, 1)[0]));
  }

  /** Seven emotion probabilities already in DeepFace's order. */
  public static List<AttributeValue> emotion(Map<String, Tensor> out, String name) {
    return List.of(Emotion.fromProbabilities(toDouble(values(out, name, 7))));
  }

  /** face-api's age ({@code age}, years) and gender ({@code gender}: {@code [man, woman]} probabilities). */
  public static List<AttributeValue> faceApiAgeGender(Map<String, Tensor> out) {
    float[] g = values(out, "gender", 2);
    return List.of(new Age(values(out, "age", 1)[0]), gender(g[0] / (double) (g[0] + g[1])));
  }

  /** face-api's seven expressions, reordered to DeepFace's labels. */
  public static List<AttributeValue> faceApiExpressions(Map<String, Tensor> out) {
    float[] p = values(out, "expressions", 7);
    double[] d = new double[7];
    for (int i = 0; i < 7; i++) {
      d[FACE_API_TO_DEEPFACE[i]] = p[i];
    }
    return List.of(Emotion.fromProbabilities(d));
  }

  static double expectation(float[] p, double[] values) {
    double sum = 0;
    double weighted = 0;
    for (int i = 0; i < p.length; i++) {
      sum += p[i];
      weighted += p[i] * values[i];
    }
    return weighted / sum;
  }

  static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = Math.max(0, f[i]);
    }
    return d;
  }

  /** The values of output {@code name}, which must hold {@code size} of them (one face). */
  static float[] values(Map<String, Tensor> out, String name, int size) {
    Tensor t = out.get(name);
    if (t == null || t.data().length != size) {
      List<String> found = new ArrayList<>();
      out.forEach((k, v) -> found.add(k + java.util.Arrays.toString(v.shape())));
      throw new IllegalStateException("model output " + name + " is missing or not of size " + size + "; outputs: " + found);
    }
    return t.data();
  }
}
