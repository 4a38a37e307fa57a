package io.deepface.examples.cli;

import io.deepface.AnalyzeOptions;
import io.deepface.DeepFace;
import io.deepface.FaceAnalysis;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.FacialArea;
import io.deepface.analysis.AttributeNotAvailableException;
import io.deepface.analysis.FaceAttribute;
import io.deepface.draw.FaceAnnotator;
import io.deepface.face.Point;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "analyze", description = {
    "Age, gender, emotion, head pose, 68 landmarks, eye state and anti-spoofing of every face (DeepFace.analyze).",
    "Prints a JSON array, one object per face, with DeepFace's keys (age, gender, dominant_gender, emotion,",
    "dominant_emotion, region, face_confidence) and pose, landmarks, eyes, antispoof for those actions."})
final class AnalyzeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMG", description = "image file")
  Path image;

  @Option(names = "--actions", paramLabel = "LIST", defaultValue = "age,gender,emotion",
      description = "comma-separated: age, gender, emotion, pose, landmarks, eyes, spoof (race is not available yet); "
          + "default: ${DEFAULT-VALUE}")
  String actions;

  @Option(names = "--annotate", paramLabel = "OUT.png", description = "also write the image with boxes, landmarks, pose axes and labels as PNG")
  Path annotate;

  @Option(names = "--detector", defaultValue = FaceOptions.DEFAULT_DETECTOR, description = "face detector; default: ${DEFAULT-VALUE}")
  String detector;

  @Option(names = "--enforce-detection", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "fail when no face is found (default); --no-enforce-detection analyses the whole image instead")
  boolean enforceDetection;

  @Option(names = "--anti-spoofing", description = "fail (exit 3) when a face is a spoof, as DeepFace's anti_spoofing=True")
  boolean antiSpoofing;

  @Override
  public Integer call() {
    AnalyzeOptions analysis = analysisOptions();
    if (!Files.isRegularFile(image)) {
      throw new BadInputException("no such image file: " + image);
    }
    FaceOptions options = FaceOptions.builder().detector(detector).enforceDetection(enforceDetection)
        .antiSpoofing(antiSpoofing).build();
    FaceEngine engine = DeepFace.engine();
    ImageInput input = ImageInput.of(image);
    RgbImage img = engine.decode(input);
    List<FaceAnalysis> faces = engine.analyze(img, input.description(), analysis, options);
    Json.print(spec.commandLine().getOut(), faces.stream().map(AnalyzeCommand::json).toList());
    if (annotate != null) {
      write(FaceAnnotator.annotate(img, faces), annotate);
    }
    return 0;
  }

  private AnalyzeOptions analysisOptions() {
    try {
      Set<FaceAttribute> set = AnalyzeOptions.parseActions(actions);
      AnalyzeOptions analysis = AnalyzeOptions.of(set);
      set.forEach(analysis::modelFor);
      return analysis;
    } catch (IllegalArgumentException | AttributeNotAvailableException e) {
      throw new ParameterException(spec.commandLine(), "--actions: " + e.getMessage());
    }
  }

  private static void write(RgbImage annotated, Path out) {
    try {
      if (!ImageIO.write(annotated.toBufferedImage(), "png", out.toFile())) {
        throw new IllegalStateException("no PNG writer in this Java runtime");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  /** One face as DeepFace's analyze dictionary, plus this library's extra actions. */
  static Map<String, Object> json(FaceAnalysis f) {
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
    m.put("region", region(f.region()));
    m.put("face_confidence", f.faceConfidence());
    return m;
  }

  private static Map<String, Object> eye(boolean open, double probability) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("is_open", open);
    e.put("open_probability", probability);
    return e;
  }

  private static Map<String, Object> region(FacialArea a) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("x", a.x());
    r.put("y", a.y());
    r.put("w", a.w());
    r.put("h", a.h());
    r.put("left_eye", a.leftEye() == null ? null : new long[] {Math.round(a.leftEye().x()), Math.round(a.leftEye().y())});
    r.put("right_eye", a.rightEye() == null ? null : new long[] {Math.round(a.rightEye().x()), Math.round(a.rightEye().y())});
    return r;
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
