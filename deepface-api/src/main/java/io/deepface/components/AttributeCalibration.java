package io.deepface.components;

import io.deepface.analysis.Age;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.Gender;
import java.util.ArrayList;
import java.util.List;

/**
 * What is applied to a model's predictions after decoding: a gender calibration and an age calibration, each
 * optional (null: unchanged). Fitted on the labelled development faces by {@code deepface-benchmarks}'
 * {@code AttributeEvaluation} and shipped in {@code attribute-calibration.json}.
 *
 * @param gender Platt scaling of the probability of "man", or null
 * @param age monotone map of the age estimate, or null
 */
public record AttributeCalibration(GenderCalibration gender, AgeCalibration age) {
  /** Changes nothing. */
  public static final AttributeCalibration NONE = new AttributeCalibration(null, null);

  public List<AttributeValue> apply(List<AttributeValue> values) {
    if (gender == null && age == null) {
      return values;
    }
    List<AttributeValue> out = new ArrayList<>(values.size());
    for (AttributeValue v : values) {
      if (v instanceof Gender g && gender != null) {
        out.add(gender.apply(g));
      } else if (v instanceof Age a && age != null) {
        out.add(age.apply(a));
      } else {
        out.add(v);
      }
    }
    return out;
  }
}
