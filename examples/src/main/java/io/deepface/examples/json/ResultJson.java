package io.deepface.examples.json;

import io.deepface.FaceAnalysis;
import io.deepface.FacialArea;
import io.deepface.Representation;
import io.deepface.VerifyResult;
import io.deepface.face.Point;
import io.deepface.find.FaceMatch;
import io.deepface.find.FindMatch;
import io.deepface.find.Registration;
import io.deepface.spi.BackendRegistry;
import io.deepface.spi.ComponentInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Results as JSON objects with Python DeepFace's keys. */
public final class ResultJson {
  private ResultJson() {}

  public static Map<String, Object> verify(VerifyResult r) {
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

  public static Map<String, Object> representation(Representation r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("embedding", r.embedding());
    m.put("facial_area", area(r.facialArea()));
    m.put("face_confidence", Math.round(r.faceConfidence() * 1e4) / 1e4);
    return m;
  }

  /** One row of a {@code find} result: DeepFace's identity, distance and threshold, then where the faces are. */
  public static Map<String, Object> findMatch(FindMatch f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("identity", f.identity());
    m.put("distance", f.distance());
    m.put("threshold", f.threshold());
    m.put("confidence", Math.round(f.confidence() * 100) / 100.0);
    m.put("hash", f.hash());
    m.put("source_area", area(f.source()));
    m.put("target_area", area(f.target()));
    return m;
  }

  /** A face database search row, with DeepFace's {@code search} keys. */
  public static Map<String, Object> faceMatch(FaceMatch f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("img_name", f.name());
    m.put("id", f.id());
    m.put("hash", f.imageHash());
    m.put("distance", f.distance());
    m.put("threshold", f.threshold());
    m.put("confidence", Math.round(f.confidence() * 100) / 100.0);
    m.put("target_x", f.target().x());
    m.put("target_y", f.target().y());
    m.put("target_w", f.target().w());
    m.put("target_h", f.target().h());
    if (f.source() != null) {
      m.put("source_x", f.source().x());
      m.put("source_y", f.source().y());
      m.put("source_w", f.source().w());
      m.put("source_h", f.source().h());
    }
    if (!f.metadata().isEmpty()) {
      m.put("metadata", new java.util.TreeMap<>(f.metadata()));
    }
    return m;
  }

  /** What {@code register} stored for one image. */
  public static Map<String, Object> registration(Registration r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("img_name", r.name());
    m.put("image", r.image());
    m.put("hash", r.imageHash());
    m.put("faces", r.faces().stream().map(f -> {
      Map<String, Object> face = new LinkedHashMap<>();
      face.put("id", f.id());
      face.put("face_index", f.faceIndex());
      face.put("facial_area", area(f.facialArea()));
      face.put("face_confidence", Math.round(f.faceConfidence() * 1e4) / 1e4);
      return face;
    }).toList());
    m.put("unchanged", r.unchanged());
    return m;
  }

  public static Map<String, Object> area(FacialArea a) {
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

  public static List<Integer> point(Point p) {
    return p == null ? null : List.of((int) Math.round(p.x()), (int) Math.round(p.y()));
  }

  /** One face as DeepFace's analyze dictionary, plus this library's extra actions. */
  public static Map<String, Object> analysis(FaceAnalysis f) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (f.age() != null) {
      m.put("age", f.age().deepFaceAge());
      m.put("apparent_age", f.age().years());
    }
    if (f.gender() != null) {
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("Woman", f.gender().woman());
      g.put("Man", f.gender().man());
      m.put("gender", g);
      m.put("dominant_gender", f.gender().dominant());
    }
    if (f.emotion() != null) {
      m.put("emotion", f.emotion().scores());
      m.put("dominant_emotion", f.emotion().dominant());
    }
    if (f.race() != null) {
      m.put("race", f.race().scores());
      m.put("dominant_race", f.race().dominant());
    }
    if (f.pose() != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("yaw", f.pose().yaw());
      p.put("pitch", f.pose().pitch());
      p.put("roll", f.pose().roll());
      m.put("pose", p);
    }
    if (f.landmarks() != null) {
      List<double[]> points = new ArrayList<>(68);
      for (Point p : f.landmarks().points()) {
        points.add(new double[] {round2(p.x()), round2(p.y())});
      }
      m.put("landmarks", points);
    }
    if (f.eyes() != null) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("right_eye", eye(f.eyes().isRightEyeOpen(), f.eyes().rightEyeOpen()));
      e.put("left_eye", eye(f.eyes().isLeftEyeOpen(), f.eyes().leftEyeOpen()));
      m.put("eyes", e);
    }
    if (f.antiSpoof() != null) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("is_real", f.antiSpoof().isReal());
      s.put("antispoof_score", f.antiSpoof().score());
      s.put("real_probability", f.antiSpoof().realProbability());
      m.put("antispoof", s);
    }
    m.put("region", area(f.region()));
    m.put("face_confidence", f.faceConfidence());
    return m;
  }

  private static Map<String, Object> eye(boolean open, double probability) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("is_open", open);
    e.put("open_probability", probability);
    return e;
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** The backends, the skipped ones and every component, as the {@code components} command prints them. */
  public static Map<String, Object> components(BackendRegistry registry) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ComponentInfo c : registry.components()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
      row.put("name", c.name());
      row.put("backend", c.backend());
      row.put("selected", registry.isSelected(c));
      row.put("description", c.description());
      row.put("models", c.models());
      rows.add(row);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("backends", registry.backends().stream().map(b -> Map.of("name", b.name(), "rank", b.rank())).toList());
    out.put("skipped", registry.skipped());
    out.put("components", rows);
    return out;
  }
}
