package io.deepface.benchmarks.backends;

import io.deepface.FaceEngine;
import io.deepface.align.AlignmentMode;
import io.deepface.align.FaceAligner;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelRepository;
import io.deepface.spi.BackendRegistry;
import io.deepface.spi.FaceDetector;
import io.deepface.spi.FaceEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Time per face of detection and embedding on each backend (a measurement, not a test): the same images
 * and crops, one call at a time, after a warm-up, with the runtimes' default thread counts or the one given.
 * Each measurement is repeated and the fastest pass is reported, which keeps other load on a shared machine
 * from inflating it.
 *
 * <pre>
 * java -cp ... io.deepface.benchmarks.backends.BackendTimings [--models ../shared/models]
 *     [--images ../shared/datasets/lfw-dev/images] [--faces 40] [--threads 0] [--repeat 3]
 * </pre>
 */
public final class BackendTimings {
  private static int repeat = 3;

  private BackendTimings() {}

  public static void main(String[] args) throws Exception {
    Path models = Path.of(arg(args, "--models", "../shared/models"));
    Path lfw = Path.of(arg(args, "--images", "../shared/datasets/lfw-dev/images"));
    int n = Integer.parseInt(arg(args, "--faces", "40"));
    int threads = Integer.parseInt(arg(args, "--threads", "0"));
    repeat = Integer.parseInt(arg(args, "--repeat", "3"));
    List<Path> files;
    try (Stream<Path> people = Files.list(lfw)) {
      files = people.sorted().limit(n).map(BackendTimings::first).toList();
    }
    ModelRepository repo = ModelRepository.builder().modelPath(List.of(models)).offline(true).build();
    FaceEngine onnx = engine("onnx", repo, threads);
    FaceEngine opencv = engine("opencv", repo, threads);
    List<RgbImage> images = files.stream().map(f -> onnx.decode(ImageInput.of(f))).toList();
    System.out.printf(Locale.ROOT, "%d LFW images (250x250), one face each; %s threads; %d processors%n", images.size(),
        threads == 0 ? "default" : threads, Runtime.getRuntime().availableProcessors());

    detect("yunet (YuNet-n, ONNX Runtime)", onnx.detector("yunet"), images);
    detect("yunet (YuNet-s 2023mar, OpenCV FaceDetectorYN)", opencv.detector("yunet"), images);
    detect("opencv (Haar face + eye cascades)", opencv.detector("opencv"), images);
    detect("retinaface (ONNX Runtime)", onnx.detector("retinaface"), images);
    detect("retinaface (OpenCV DNN)", opencv.detector("retinaface"), images);

    FaceDetector d = onnx.detector("yunet");
    List<RgbImage> crops = new ArrayList<>();
    for (RgbImage img : images) {
      DetectedFace f = d.detect(img, d.defaultConfidence()).get(0);
      crops.add(FaceAligner.crop(img, f, onnx.embedder("mobilefacenet-128").alignment(), AlignmentMode.LANDMARKS));
    }
    for (String model : List.of("mobilefacenet-128", "faceplugin-512")) {
      embed(model + " (ONNX Runtime)", onnx.embedder(model), crops);
      embed(model + " (OpenCV DNN)", opencv.embedder(model), crops);
    }
    onnx.close();
    opencv.close();
  }

  private static FaceEngine engine(String backend, ModelRepository repo, int threads) {
    return FaceEngine.builder().registry(BackendRegistry.load().withPreference(List.of(backend))).models(repo)
        .intraOpThreads(threads).build();
  }

  private static Path first(Path person) {
    try (Stream<Path> s = Files.list(person)) {
      return s.sorted().findFirst().orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void detect(String label, FaceDetector d, List<RgbImage> images) {
    for (int i = 0; i < Math.min(5, images.size()); i++) {
      d.detect(images.get(i), d.defaultConfidence());
    }
    double best = Double.POSITIVE_INFINITY;
    int found = 0;
    for (int r = 0; r < repeat; r++) {
      long start = System.nanoTime();
      found = 0;
      for (RgbImage img : images) {
        found += d.detect(img, d.defaultConfidence()).size();
      }
      best = Math.min(best, (System.nanoTime() - start) / 1e6 / images.size());
    }
    report("detect " + label, best, found + " faces");
  }

  private static void embed(String label, FaceEmbedder e, List<RgbImage> crops) {
    for (int i = 0; i < Math.min(5, crops.size()); i++) {
      e.embed(List.of(crops.get(i)));
    }
    double best = Double.POSITIVE_INFINITY;
    for (int r = 0; r < repeat; r++) {
      long start = System.nanoTime();
      for (RgbImage c : crops) {
        e.embed(List.of(c));
      }
      best = Math.min(best, (System.nanoTime() - start) / 1e6 / crops.size());
    }
    report("embed " + label, best, "one crop per call");
  }

  private static void report(String label, double ms, String note) {
    System.out.printf(Locale.ROOT, "%-58s %7.1f ms per face (%s)%n", label, ms, note);
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
