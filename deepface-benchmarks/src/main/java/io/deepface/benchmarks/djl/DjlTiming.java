package io.deepface.benchmarks.djl;

import io.deepface.FaceEngine;
import io.deepface.align.AlignmentMode;
import io.deepface.align.FaceAligner;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelRepository;
import io.deepface.spi.BackendRegistry;
import io.deepface.spi.ComponentKind;
import io.deepface.spi.FaceDetector;
import io.deepface.spi.FaceEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Single-thread time per face of detectors and embedders on each backend that offers them (onnx, djl; and
 * for the djl backend's TFLite components, DJL Predictors without XNNPACK as well), measured in turns on
 * the same LFW images so that machine load hits all alike. Not a test: a measurement to read, printed as a
 * Markdown table.
 *
 * <pre>
 * java -cp ... io.deepface.benchmarks.djl.DjlTiming --images ../shared/datasets/lfw-dev/images --count 40
 * </pre>
 */
public final class DjlTiming {
  private DjlTiming() {}

  public static void main(String[] args) throws Exception {
    Path images = Path.of(arg(args, "--images", "../shared/datasets/lfw-dev/images"));
    int count = Integer.parseInt(arg(args, "--count", "40"));
    int rounds = Integer.parseInt(arg(args, "--rounds", "3"));
    List<String> detectors = List.of(arg(args, "--detectors", "yunet,mediapipe,mediapipe-short,mtcnn").split(","));
    List<String> embedders = List.of(arg(args, "--embedders", "mobilefacenet-128,faceplugin-512,mobilefacenet-192").split(","));
    List<Path> files;
    try (Stream<Path> s = Files.walk(images)) {
      files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(count).toList();
    }
    BackendRegistry registry = BackendRegistry.load();
    ModelRepository models = ModelRepository.fromEnvironment();
    StringBuilder table = new StringBuilder("| component | backend | ms per face |\n|---|---|---|\n");
    List<FaceEngine> engines = new ArrayList<>();
    try {
      List<RgbImage> decoded = new ArrayList<>();
      FaceEngine reference = FaceEngine.builder().registry(registry).models(models).build();
      engines.add(reference);
      for (Path f : files) {
        decoded.add(reference.decode(ImageInput.of(f)));
      }
      FaceDetector yunet = reference.detector("yunet");
      List<RgbImage> crops = new ArrayList<>();
      for (RgbImage img : decoded) {
        DetectedFace face = yunet.detect(img, yunet.defaultConfidence()).get(0);
        crops.add(FaceAligner.crop(img, face, io.deepface.spi.AlignmentSpec.ARCFACE_112, AlignmentMode.LANDMARKS));
      }
      for (String name : detectors) {
        List<String> backends = variants(registry, ComponentKind.DETECTOR, name);
        List<FaceDetector> ds = new ArrayList<>();
        for (String b : backends) {
          FaceEngine e = engine(registry, models, b);
          engines.add(e);
          ds.add(load(b, () -> e.detector(name)));
        }
        double[] ms = new double[ds.size()];
        for (int r = 0; r <= rounds; r++) {
          for (int i = 0; i < ds.size(); i++) {
            long t = System.nanoTime();
            int faces = 0;
            for (RgbImage img : decoded) {
              faces += Math.max(1, ds.get(i).detect(img, ds.get(i).defaultConfidence()).size());
            }
            if (r > 0) {
              ms[i] += (System.nanoTime() - t) / 1e6 / faces / rounds;
            }
          }
        }
        for (int i = 0; i < ds.size(); i++) {
          table.append(String.format(Locale.ROOT, "| detect %s | %s | %.1f |%n", name, backends.get(i), ms[i]));
        }
      }
      for (String name : embedders) {
        List<String> backends = variants(registry, ComponentKind.EMBEDDER, name);
        List<FaceEmbedder> es = new ArrayList<>();
        for (String b : backends) {
          FaceEngine e = engine(registry, models, b);
          engines.add(e);
          es.add(load(b, () -> e.embedder(name)));
        }
        double[] ms = new double[es.size()];
        for (int r = 0; r <= rounds; r++) {
          for (int i = 0; i < es.size(); i++) {
            long t = System.nanoTime();
            for (RgbImage crop : crops) {
              es.get(i).embed(List.of(crop));
            }
            if (r > 0) {
              ms[i] += (System.nanoTime() - t) / 1e6 / crops.size() / rounds;
            }
          }
        }
        for (int i = 0; i < es.size(); i++) {
          table.append(String.format(Locale.ROOT, "| embed %s | %s | %.1f |%n", name, backends.get(i), ms[i]));
        }
      }
    } finally {
      for (FaceEngine e : engines) {
        e.close();
      }
    }
    System.out.print(table);
  }

  private static final String PREDICTOR = "djl-predictor";

  /**
   * The backends offering the component, and for the djl backend's TFLite components also
   * {@value #PREDICTOR}: the same graph through a DJL Predictor ({@code deepface.djl.tflite=predictor}).
   */
  private static List<String> variants(BackendRegistry registry, ComponentKind kind, String name) {
    List<String> out = new ArrayList<>();
    registry.components().stream().filter(c -> c.kind() == kind && c.name().equals(name)).forEach(c -> {
      out.add(c.backend());
      boolean tflite = c.models().stream().allMatch(m -> m.endsWith(".tflite"));
      if (c.backend().equals("djl") && tflite && !name.equals("mtcnn")) {
        out.add(PREDICTOR);
      }
    });
    return out;
  }

  private static FaceEngine engine(BackendRegistry registry, ModelRepository models, String variant) {
    String backend = variant.equals(PREDICTOR) ? "djl" : variant;
    return FaceEngine.builder().registry(registry.withPreference(List.of(backend))).models(models).intraOpThreads(1)
        .build();
  }

  /** Loads a component, with the djl backend's TFLite mode set to predictor while it loads for that variant. */
  private static <T> T load(String variant, java.util.function.Supplier<T> component) {
    if (!variant.equals(PREDICTOR)) {
      return component.get();
    }
    System.setProperty("deepface.djl.tflite", "predictor");
    try {
      return component.get();
    } finally {
      System.clearProperty("deepface.djl.tflite");
    }
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
