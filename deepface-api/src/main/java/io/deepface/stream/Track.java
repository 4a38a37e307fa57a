package io.deepface.stream;

import io.deepface.FaceAnalysis;
import io.deepface.FacialArea;
import io.deepface.analysis.Age;
import io.deepface.analysis.AntiSpoof;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.Emotion;
import io.deepface.analysis.FaceAttribute;
import io.deepface.analysis.Gender;
import io.deepface.analysis.Race;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One person's face across frames: where it was last detected, how it moves (a constant-velocity model of the box
 * centre, smoothed), its embedding for re-attaching after an occlusion, who it is and its smoothed attributes.
 * Confined to the analysis thread.
 */
final class Track {
  private static final double VELOCITY_SMOOTHING = 0.5;

  final int id;
  final long firstFrame;
  final double startSeconds;
  DetectedFace detection;
  private double seenSeconds;
  private double vx;
  private double vy;
  long lastReportedFrame;
  double lastReportedSeconds;
  long framesInView;
  /** Analysed frames in view since the track was last lost (resets after an occlusion). */
  long run;
  /** True when the latest detection pass found this track's face. */
  boolean inView = true;
  float[] embedding;
  Identity identity;
  double recognisedAt = Double.NaN;
  double analysedAt = Double.NaN;
  private int samples;
  private double ageSum;
  private double manSum;
  private final Map<String, Double> emotionSum = new LinkedHashMap<>();
  private final Map<String, Double> raceSum = new LinkedHashMap<>();
  private int spoofSamples;
  private double realSum;
  private final Map<FaceAttribute, AttributeValue> latest = new EnumMap<>(FaceAttribute.class);

  Track(int id, long frame, double seconds, DetectedFace detection) {
    this.id = id;
    this.firstFrame = frame;
    this.startSeconds = seconds;
    this.detection = detection;
    this.seenSeconds = seconds;
    this.lastReportedFrame = frame;
    this.lastReportedSeconds = seconds;
  }

  /** The box extrapolated to {@code seconds} from the last detection and the smoothed velocity. */
  FaceBox predict(double seconds) {
    FaceBox b = detection.box();
    double dt = Math.max(0, seconds - seenSeconds);
    return new FaceBox(b.x() + vx * dt, b.y() + vy * dt, b.width(), b.height());
  }

  /** A new detection of this face at {@code seconds}. */
  void update(DetectedFace d, double seconds) {
    double dt = seconds - seenSeconds;
    if (dt > 0 && inView) {
      double nvx = (d.box().center().x() - detection.box().center().x()) / dt;
      double nvy = (d.box().center().y() - detection.box().center().y()) / dt;
      vx = VELOCITY_SMOOTHING * nvx + (1 - VELOCITY_SMOOTHING) * vx;
      vy = VELOCITY_SMOOTHING * nvy + (1 - VELOCITY_SMOOTHING) * vy;
    } else if (!inView) {
      vx = 0;
      vy = 0;
    }
    detection = d;
    seenSeconds = seconds;
    inView = true;
  }

  double seenSeconds() {
    return seenSeconds;
  }

  /** Adds one measurement of the track's attributes to the running means. */
  void addAttributes(Map<FaceAttribute, AttributeValue> values) {
    boolean counted = false;
    for (AttributeValue v : values.values()) {
      if (v instanceof Age a) {
        ageSum += a.years();
        counted = true;
      } else if (v instanceof Gender g) {
        manSum += g.man();
        counted = true;
      } else if (v instanceof Emotion e) {
        e.scores().forEach((k, s) -> emotionSum.merge(k, s, Double::sum));
        counted = true;
      } else if (v instanceof Race r) {
        r.scores().forEach((k, s) -> raceSum.merge(k, s, Double::sum));
        counted = true;
      } else if (v instanceof AntiSpoof s) {
        spoofSamples++;
        realSum += s.realProbability();
      } else {
        latest.put(v.attribute(), v); // pose, landmarks, eyes: the latest measurement
      }
    }
    if (counted) {
      samples++;
    }
    for (AttributeValue v : values.values()) {
      if (v instanceof Age || v instanceof Gender || v instanceof Emotion || v instanceof Race) {
        latest.put(v.attribute(), v);
      }
    }
  }

  /** The mean real probability of the anti-spoofing checks so far, or NaN before the first. */
  double realProbability() {
    return spoofSamples == 0 ? Double.NaN : realSum / spoofSamples;
  }

  boolean fake() {
    return spoofSamples > 0 && realProbability() < 0.5;
  }

  int samples() {
    return Math.max(samples, spoofSamples);
  }

  /** The smoothed attributes at the current box, or null before the first measurement. */
  FaceAnalysis analysis(FaceBox box) {
    if (samples == 0 && spoofSamples == 0 && latest.isEmpty()) {
      return null;
    }
    Map<FaceAttribute, AttributeValue> values = new EnumMap<>(FaceAttribute.class);
    values.putAll(latest);
    if (samples > 0) {
      if (latest.containsKey(FaceAttribute.AGE)) {
        values.put(FaceAttribute.AGE, new Age(ageSum / samples));
      }
      if (latest.containsKey(FaceAttribute.GENDER)) {
        double man = Math.max(0, Math.min(100, manSum / samples));
        values.put(FaceAttribute.GENDER, new Gender(100 - man, man));
      }
      if (latest.containsKey(FaceAttribute.EMOTION)) {
        values.put(FaceAttribute.EMOTION, new Emotion(mean(emotionSum, samples)));
      }
      if (latest.containsKey(FaceAttribute.RACE)) {
        values.put(FaceAttribute.RACE, new Race(mean(raceSum, samples)));
      }
    }
    if (spoofSamples > 0) {
      double real = realProbability();
      values.put(FaceAttribute.SPOOF, new AntiSpoof(real >= 0.5, real >= 0.5 ? real : 1 - real, real));
    }
    DetectedFace d = box.equals(detection.box()) ? detection : new DetectedFace(box, detection.confidence(), null);
    return new FaceAnalysis(FacialArea.of(d), detection.confidence(), values);
  }

  private static Map<String, Double> mean(Map<String, Double> sums, int n) {
    Map<String, Double> out = new LinkedHashMap<>();
    sums.forEach((k, v) -> out.put(k, Math.max(0, Math.min(100, v / n))));
    return out;
  }
}
