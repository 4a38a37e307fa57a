package io.deepface.examples.cli;

import io.deepface.FaceAnalysis;
import io.deepface.VerifyResult;
import io.deepface.analysis.Emotion;
import io.deepface.find.FindMatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One line a person reads on stderr beside the JSON on stdout. */
final class Summaries {
  private Summaries() {}

  /** {@code same person (distance 0.30 <= 0.72, confidence 93.1%)}. */
  static String verify(VerifyResult r) {
    return String.format(Locale.ROOT, "%s (distance %.2f %s %.2f, confidence %.1f%%)",
        r.verified() ? "same person" : "different people", r.distance(), r.verified() ? "<=" : ">", r.threshold(),
        r.confidence());
  }

  /** {@code 2 faces: 31 years, Woman, happy; 45 years, Man, neutral}. */
  static String analysis(List<FaceAnalysis> faces) {
    List<String> each = new ArrayList<>();
    for (FaceAnalysis f : faces) {
      List<String> parts = new ArrayList<>();
      if (f.age() != null) {
        parts.add(f.age().deepFaceAge() + " years");
      }
      if (f.gender() != null) {
        parts.add(f.gender().dominant());
      }
      Emotion e = f.emotion();
      if (e != null) {
        parts.add(e.dominant());
      }
      if (f.race() != null) {
        parts.add(f.race().dominant());
      }
      if (f.antiSpoof() != null) {
        parts.add(f.antiSpoof().isReal() ? "real" : "spoof");
      }
      each.add(parts.isEmpty() ? "analysed" : String.join(", ", parts));
    }
    return faces.size() + (faces.size() == 1 ? " face" : " faces")
        + (each.isEmpty() ? "" : ": " + String.join("; ", each));
  }

  /** {@code face 1: 3 matches, closest people/ann/1.jpg (distance 0.31); face 2: no match within 0.68}. */
  static String find(List<List<FindMatch>> result) {
    List<String> each = new ArrayList<>();
    for (int i = 0; i < result.size(); i++) {
      List<FindMatch> m = result.get(i);
      each.add("face " + (i + 1) + ": " + (m.isEmpty() ? "no match"
          : m.size() + (m.size() == 1 ? " match" : " matches") + String.format(Locale.ROOT,
              ", closest %s (distance %.2f)", Path.of(m.get(0).identity()).getFileName(), m.get(0).distance())));
    }
    return String.join("; ", each);
  }
}
