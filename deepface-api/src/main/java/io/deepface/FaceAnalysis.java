package io.deepface;

import io.deepface.analysis.AntiSpoof;
import io.deepface.analysis.Age;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.Emotion;
import io.deepface.analysis.EyeState;
import io.deepface.analysis.FaceAttribute;
import io.deepface.analysis.FaceLandmarks68;
import io.deepface.analysis.Gender;
import io.deepface.analysis.HeadPose;
import io.deepface.analysis.Race;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code analyze} reports for one face, as DeepFace's result dictionary: where the face is, the
 * detector's confidence, and one value per action asked for. The typed accessors return null for an
 * action that was not asked for.
 *
 * @param region where the face is ({@code region} in DeepFace)
 * @param faceConfidence the detector's confidence, 0 when the whole image was used
 * @param values the value of each action asked for
 */
public record FaceAnalysis(FacialArea region, double faceConfidence, Map<FaceAttribute, AttributeValue> values) {
  public FaceAnalysis {
    Objects.requireNonNull(region, "region");
    EnumMap<FaceAttribute, AttributeValue> copy = new EnumMap<>(FaceAttribute.class);
    for (Map.Entry<FaceAttribute, AttributeValue> e : values.entrySet()) {
      if (e.getValue().attribute() != e.getKey()) {
        throw new IllegalArgumentException("value " + e.getValue() + " is not a " + e.getKey());
      }
      copy.put(e.getKey(), e.getValue());
    }
    values = Collections.unmodifiableMap(copy);
  }

  /** The value of {@code attribute}, or null when it was not asked for. */
  public AttributeValue value(FaceAttribute attribute) {
    return values.get(attribute);
  }

  public Age age() {
    return (Age) values.get(FaceAttribute.AGE);
  }

  public Gender gender() {
    return (Gender) values.get(FaceAttribute.GENDER);
  }

  public Emotion emotion() {
    return (Emotion) values.get(FaceAttribute.EMOTION);
  }

  public Race race() {
    return (Race) values.get(FaceAttribute.RACE);
  }

  public HeadPose pose() {
    return (HeadPose) values.get(FaceAttribute.POSE);
  }

  public FaceLandmarks68 landmarks() {
    return (FaceLandmarks68) values.get(FaceAttribute.LANDMARKS);
  }

  public EyeState eyes() {
    return (EyeState) values.get(FaceAttribute.EYES);
  }

  public AntiSpoof antiSpoof() {
    return (AntiSpoof) values.get(FaceAttribute.SPOOF);
  }
}
