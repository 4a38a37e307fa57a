package io.deepface.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.FaceEngine;
import io.deepface.align.AlignmentMode;
import io.deepface.align.FaceAligner;
import io.deepface.components.YuNetDetector;
import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelRepository;
import io.deepface.runtime.Tensor;
import io.deepface.spi.FaceDetector;
import io.deepface.spi.FaceEmbedder;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Several threads using one component at once get exactly what one thread gets. */
class ConcurrencyTest {
  private static final int THREADS = 4;
  private final FaceEngine engine = TestEngines.shared();
  private final ModelRepository repo = TestEngines.repository();

  private static List<RgbImage> images() {
    return List.of(TestEngines.decode(TestData.lfw("Colin_Powell", 198)),
        TestEngines.decode(TestData.lfw("Aaron_Sorkin", 1)), TestEngines.decode(TestData.faceapi("bbt4.jpg")),
        TestEngines.decode(TestData.lfw("Jaromir_Jagr", 1)));
  }

  @Test
  void detectorsAndEmbeddersGiveTheSameResultsFromManyThreads() throws Exception {
    List<RgbImage> images = images();
    FaceEmbedder mfn192 = engine.embedder("mobilefacenet-192");
    FaceEmbedder mfn128 = engine.embedder("mobilefacenet-128");
    List<String> detectors = List.of("yunet", "mediapipe", "mtcnn");
    // One thread first.
    List<String> expected = new ArrayList<>();
    for (RgbImage img : images) {
      expected.add(describe(img, detectors, mfn192, mfn128));
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (RgbImage img : images) {
          futures.add(pool.submit(() -> describe(img, detectors, mfn192, mfn128)));
        }
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get(5, TimeUnit.MINUTES)).isEqualTo(expected.get(i % images.size()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every detector's boxes and the embeddings of the first face, rounded so that the text is comparable. */
  private String describe(RgbImage img, List<String> detectors, FaceEmbedder... embedders) {
    StringBuilder sb = new StringBuilder();
    DetectedFace first = null;
    for (String name : detectors) {
      FaceDetector d = engine.detector(name);
      List<DetectedFace> faces = d.detect(img, d.defaultConfidence());
      sb.append(name).append(faces.size());
      for (DetectedFace f : faces) {
        sb.append(String.format(" %.3f,%.3f,%.3f,%.3f/%.5f", f.box().x(), f.box().y(), f.box().width(), f.box().height(),
            f.confidence()));
      }
      if (name.equals("yunet")) {
        first = faces.get(0);
      }
      sb.append('\n');
    }
    for (FaceEmbedder e : embedders) {
      RgbImage crop = FaceAligner.crop(img, first, e.alignment(), AlignmentMode.LANDMARKS);
      float[] v = e.embed(List.of(crop))[0];
      for (float x : v) {
        sb.append(String.format("%.5f ", x));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Calls that overlap get their own predictor (or interpreter): the pool grows to the overlap, no further. */
  @Test
  void overlappingCallsEachGetAPredictor() throws Exception {
    try (DjlRunner onnx = DjlRunner.onnx(repo.info(YuNetDetector.MODEL), repo.resolve(YuNetDetector.MODEL), 1);
        TfLiteRunner tflite = TfLiteRunner.open(repo.info(MobileFaceNet192Embedder.MODEL),
            repo.resolve(MobileFaceNet192Embedder.MODEL), 1)) {
      Map<String, Tensor> yIn = Map.of("input", Tensor.of(new float[3 * 320 * 320], 1, 3, 320, 320));
      Map<String, Tensor> mIn = Map.of("input", Tensor.of(new float[2 * 112 * 112 * 3], 2, 112, 112, 3));
      Map<String, Tensor> yOut = onnx.run(yIn);
      Map<String, Tensor> mOut = tflite.run(mIn);
      CyclicBarrier start = new CyclicBarrier(THREADS);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<Boolean>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          futures.add(pool.submit(() -> {
            start.await(1, TimeUnit.MINUTES);
            boolean same = true;
            for (int i = 0; i < 5; i++) {
              same &= onnx.run(yIn).equals(yOut);
              same &= tflite.run(mIn).equals(mOut);
            }
            return same;
          }));
        }
        for (Future<Boolean> f : futures) {
          assertThat(f.get(5, TimeUnit.MINUTES)).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(onnx.poolSize()).isBetween(2, THREADS);
      assertThat(tflite.poolSize()).isBetween(2, THREADS);
    }
  }
}
