package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.FaceEngine;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceDetector;
import io.deepface.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A one-off measurement, not a regression test (off unless {@code -Ddeepface.survey=true}): every
 * detector on every lfw-dev image, one ONNX Runtime thread. Reports, per detector, how many images get a
 * face at its default confidence (and at a few other thresholds), the mean detection time, the mean IoU
 * of its best box with yunet's, and (where both found the same face, IoU >= 0.5) the mean distance of
 * its landmarks from yunet's over yunet's inter-ocular distance. Writes {@code target/detector-survey.txt}.
 */
@EnabledIfSystemProperty(named = "deepface.survey", matches = "true")
class DetectorSurvey {
  private static final List<String> DETECTORS = List.of("yunet", "retinaface", "ultraface", "blazeface", "blazeface-front");
  private static final double[] THRESHOLDS = {0.5, 0.6, 0.65, 0.7, 0.8, 0.9};

  @Test
  void surveyLfwDev() throws IOException {
    List<Path> images;
    try (Stream<Path> s = Files.walk(TestData.datasetsDir().resolve("lfw-dev/images"))) {
      images = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    int limit = Integer.getInteger("deepface.survey.limit", images.size());
    images = images.subList(0, Math.min(limit, images.size()));
    try (FaceEngine engine = FaceEngine.builder().models(OnnxTestSupport.repository()).intraOpThreads(1).build()) {
      Map<String, FaceDetector> detectors = new LinkedHashMap<>();
      for (String name : DETECTORS) {
        detectors.put(name, engine.detector(name));
      }
      Map<String, Stats> stats = new LinkedHashMap<>();
      DETECTORS.forEach(d -> stats.put(d, new Stats()));
      for (Path file : images) {
        RgbImage img = engine.decode(ImageInput.of(file));
        DetectedFace reference = null;
        for (String name : DETECTORS) {
          FaceDetector d = detectors.get(name);
          long start = System.nanoTime();
          List<DetectedFace> faces = d.detect(img, Math.min(0.5, d.defaultConfidence()));
          long nanos = System.nanoTime() - start;
          DetectedFace best = faces.isEmpty() ? null : faces.get(0);
          if (name.equals("yunet")) {
            reference = best != null && best.confidence() >= d.defaultConfidence() ? best : null;
          }
          stats.get(name).add(best, nanos, d.defaultConfidence(), reference);
        }
      }
      StringBuilder report = new StringBuilder();
      report.append(String.format("%d lfw-dev images; %s%n", images.size(),
          "found = images with a face at the default confidence; IoU and landmark error vs yunet's best face"));
      for (String name : DETECTORS) {
        report.append(String.format("%-15s %s%n", name, stats.get(name).summary(detectors.get(name).defaultConfidence())));
      }
      report.append("faces found in the group photos at the default confidence (counted by eye: 4, 3, 5, 6, 5)\n");
      for (String name : DETECTORS) {
        FaceDetector d = detectors.get(name);
        report.append(String.format("%-15s", name));
        for (int i = 1; i <= 5; i++) {
          RgbImage img = engine.decode(ImageInput.of(TestData.faceapi("bbt" + i + ".jpg")));
          report.append(String.format(" bbt%d:%d", i, d.detect(img, d.defaultConfidence()).size()));
        }
        report.append('\n');
      }
      Path out = Path.of("target/detector-survey.txt");
      Files.writeString(out, report);
      System.out.print(report);
      assertThat(stats.get("yunet").found).isPositive();
    }
  }

  private static final class Stats {
    final List<Double> bestScores = new ArrayList<>();
    int found;
    long nanos;
    int n;
    final List<Double> ious = new ArrayList<>();
    double lmErrSum;
    int lmCount;

    void add(DetectedFace best, long time, double defaultConfidence, DetectedFace reference) {
      n++;
      nanos += time;
      bestScores.add(best == null ? 0 : best.confidence());
      if (best == null || best.confidence() < defaultConfidence) {
        return;
      }
      found++;
      if (reference != null) {
        double iou = best.box().iou(reference.box());
        ious.add(iou);
        Double err = landmarkError(best.landmarks(), reference.landmarks());
        if (err != null && iou >= 0.5) {
          lmErrSum += err;
          lmCount++;
        }
      }
    }

    /** Mean distance of the points both have, over the reference's inter-ocular distance. */
    static Double landmarkError(FaceLandmarks a, FaceLandmarks ref) {
      if (a == null || ref == null) {
        return null;
      }
      Point[] pa = {a.rightEye(), a.leftEye(), a.nose(), a.mouthRight(), a.mouthLeft()};
      Point[] pr = {ref.rightEye(), ref.leftEye(), ref.nose(), ref.mouthRight(), ref.mouthLeft()};
      double sum = 0;
      int k = 0;
      for (int i = 0; i < 5; i++) {
        if (pa[i] != null && pr[i] != null) {
          sum += pa[i].distanceTo(pr[i]);
          k++;
        }
      }
      return sum / k / ref.rightEye().distanceTo(ref.leftEye());
    }

    String summary(double defaultConfidence) {
      double iouMean = ious.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      double iouMedian = ious.isEmpty() ? 0 : ious.stream().sorted().toList().get(ious.size() / 2);
      long sameFace = ious.stream().filter(v -> v >= 0.5).count();
      StringBuilder s = new StringBuilder(String.format("found %d/%d (%.2f%%) at %.2f; mean %.1f ms; IoU vs yunet mean %.3f"
          + " median %.3f, >= 0.5 in %d/%d; landmark error / eye distance (same faces) %.3f; found at", found, n, 100.0 * found / n,
          defaultConfidence, nanos / 1e6 / n, iouMean, iouMedian, sameFace, ious.size(),
          lmCount == 0 ? 0 : lmErrSum / lmCount));
      for (double t : THRESHOLDS) {
        s.append(String.format(" %.2f:%d", t, bestScores.stream().filter(v -> v >= t).count()));
      }
      return s.toString();
    }
  }
}
