package io.deepface.examples.cli;

import io.deepface.FacialArea;
import io.deepface.Representation;
import io.deepface.VerifyResult;
import io.deepface.face.Point;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Results as JSON objects with Python DeepFace's keys. */
final class ResultJson {
  private ResultJson() {}

  static Map<String, Object> verify(VerifyResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("verified", r.verified());
    m.put("distance", r.distance());
    m.put("threshold", r.threshold());
    m.put("confidence", Math.round(r.confidence() * 100) / 100.0);
    m.put("model", r.model());
    m.put("detector", r.detector());
    m.put("metric", r.metric().deepFaceName());
    m.put("alignment", r.alignment().name().toLowerCase(Locale.ROOT));
    Map<String, Object> areas = new LinkedHashMap<>();
    areas.put("img1", area(r.img1()));
    areas.put("img2", area(r.img2()));
    m.put("facial_areas", areas);
    m.put("time", Math.round(r.timeSeconds() * 1000) / 1000.0);
    return m;
  }

  static Map<String, Object> representation(Representation r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("embedding", r.embedding());
    m.put("facial_area", area(r.facialArea()));
    m.put("face_confidence", Math.round(r.faceConfidence() * 1e4) / 1e4);
    return m;
  }

  static Map<String, Object> area(FacialArea a) {
    if (a == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("x", a.x());
    m.put("y", a.y());
    m.put("w", a.w());
    m.put("h", a.h());
    m.put("left_eye", point(a.leftEye()));
    m.put("right_eye", point(a.rightEye()));
    if (a.nose() != null) {
      m.put("nose", point(a.nose()));
    }
    if (a.mouthLeft() != null) {
      m.put("mouth_left", point(a.mouthLeft()));
      m.put("mouth_right", point(a.mouthRight()));
    }
    return m;
  }

  static List<Integer> point(Point p) {
    return p == null ? null : List.of((int) Math.round(p.x()), (int) Math.round(p.y()));
  }
}
