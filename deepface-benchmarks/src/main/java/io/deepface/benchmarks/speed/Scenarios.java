package io.deepface.benchmarks.speed;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.align.AlignmentMode;
import io.deepface.align.FaceAligner;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceDetector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The pipeline operations whose time is compared with the bare model time: each one runs exactly as its
 * speed benchmark runs it, so that a {@link CapturingBackend} engine records the model calls that benchmark
 * makes. Names are the benchmark's label in the report.
 */
final class Scenarios {
  static final String VERIFY = "verify";
  static final String REPRESENT = "represent";
  static final String ANALYZE = "analyze";

  private Scenarios() {}

  /** The photos and crops the scenarios read, loaded once. */
  static final class Data {
    final byte[] photo1;
    final byte[] photo2;
    final Map<String, RgbImage> group = new LinkedHashMap<>();
    private List<RgbImage> crops;

    Data() {
      List<Path> pair = Inputs.verifyPair();
      photo1 = Inputs.read(pair.get(0));
      photo2 = Inputs.read(pair.get(1));
    }

    RgbImage group(String size) {
      return group.computeIfAbsent(size, s -> {
        int[] wh = Inputs.size(s);
        return Inputs.groupPhoto(wh[0], wh[1]);
      });
    }

    /** Eight aligned 112x112 crops of eight LFW photos (retinaface, landmarks alignment). */
    List<RgbImage> crops(FaceEngine engine) {
      if (crops == null) {
        crops = alignedCrops(engine, Inputs.decodeAll(Inputs.lfwImages(8)));
      }
      return crops;
    }
  }

  /** The first face of each image, aligned for the default embedder. */
  static List<RgbImage> alignedCrops(FaceEngine engine, List<RgbImage> images) {
    FaceDetector d = engine.detector(FaceOptions.DEFAULT_DETECTOR);
    List<RgbImage> out = new ArrayList<>();
    for (RgbImage img : images) {
      out.add(FaceAligner.crop(img, d.detect(img, d.defaultConfidence()).get(0),
          engine.embedder(FaceOptions.DEFAULT_MODEL).alignment(), AlignmentMode.LANDMARKS));
    }
    return out;
  }

  /** Every scenario by name. */
  static Map<String, Function<FaceEngine, Object>> all(Data data) {
    Map<String, Function<FaceEngine, Object>> m = new LinkedHashMap<>();
    m.put(VERIFY, e -> verify(e, data));
    m.put(REPRESENT, e -> represent(e, data));
    m.put(ANALYZE, e -> analyze(e, data));
    for (String size : List.of("640x480", "1920x1080")) {
      m.put("detect-retinaface-" + size, e -> {
        FaceDetector d = e.detector("retinaface");
        return d.detect(data.group(size), d.defaultConfidence());
      });
    }
    for (int batch : new int[] {1, 8}) {
      m.put("embed-fusion-" + batch, e -> e.embedder("fusion").embed(data.crops(e).subList(0, batch)));
    }
    return m;
  }

  /** DeepFace.verify of two encoded photos with the default options. */
  static Object verify(FaceEngine engine, Data data) {
    return engine.verify(ImageInput.of(data.photo1), ImageInput.of(data.photo2), FaceOptions.defaults());
  }

  static Object represent(FaceEngine engine, Data data) {
    return engine.represent(ImageInput.of(data.photo1), FaceOptions.defaults());
  }

  /** analyze with DeepFace's default actions (age, gender, emotion). */
  static Object analyze(FaceEngine engine, Data data) {
    return engine.analyze(ImageInput.of(data.photo1), AnalyzeOptions.defaults(), FaceOptions.defaults());
  }
}
