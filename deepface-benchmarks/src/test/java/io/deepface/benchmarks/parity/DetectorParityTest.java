package io.deepface.benchmarks.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.components.YuNetDetector;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.ComponentKind;
import io.deepface.spi.FaceDetector;
import io.deepface.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same detector model on the same image through ONNX Runtime and through OpenCV: the same faces, each
 * box with IoU 0.95 or more.
 */
class DetectorParityTest {
  static final List<Path> IMAGES = List.of(TestData.lfw("Aaron_Sorkin", 1), TestData.lfw("Colin_Powell", 198),
      TestData.lfw("Hugo_Chavez", 33), TestData.astronaut(), TestData.faceapi("bbt1.jpg"), TestData.faceapi("bbt2.jpg"),
      TestData.faceapi("bbt3.jpg"), TestData.faceapi("bbt4.jpg"), TestData.faceapi("bbt5.jpg"));

  /** Matches each face of {@code a} to the best box of {@code b}; returns the lowest IoU (0 if the counts differ). */
  static double worstIou(List<DetectedFace> a, List<DetectedFace> b) {
    if (a.size() != b.size()) {
      return 0;
    }
    double worst = 1;
    for (DetectedFace f : a) {
      worst = Math.min(worst, b.stream().mapToDouble(g -> g.box().iou(f.box())).max().orElse(0));
    }
    return worst;
  }

  /**
   * The standard detectors each backend runs from the same ONNX file as ONNX Runtime, with this library's own
   * decoding (OpenCV: retinaface, the default retinaface-yunet and ultraface; it cannot run BlazeFace, and its
   * yunet is another model).
   */
  static Stream<Arguments> cases() {
    return Backends.cases(ComponentKind.DETECTOR, "retinaface", "retinaface-yunet", "ultraface", "blazeface",
        "blazeface-front");
  }

  @Test
  void openCvIsComparedOnRetinaFaceTheDefaultAndUltraFace() {
    assertThat(cases().filter(a -> a.get()[0].equals("opencv")).map(a -> a.get()[1]))
        .containsExactly("retinaface", "retinaface-yunet", "ultraface");
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("cases")
  void standardDetectorsFindTheSameBoxes(String backend, String name) {
    FaceDetector onnx = Backends.engine("onnx").detector(name);
    FaceDetector opencv = Backends.engine(backend).detector(name);
    assertThat(opencv.info().backend()).isEqualTo(backend);
    double worst = 1;
    int faces = 0;
    for (Path p : IMAGES) {
      RgbImage img = Backends.image(p);
      List<DetectedFace> a = onnx.detect(img, onnx.defaultConfidence());
      List<DetectedFace> b = opencv.detect(img, opencv.defaultConfidence());
      assertThat(b).as(name + " on " + backend + ", " + p.getFileName()).hasSameSizeAs(a);
      worst = Math.min(worst, worstIou(a, b));
      faces += a.size();
    }
    System.out.printf("parity %s: lowest box IoU onnx vs %s over %d faces: 1 - %.2g%n", name, backend, faces, 1 - worst);
    assertThat(worst).isGreaterThanOrEqualTo(0.95);
  }

  /**
   * The OpenCV backend's {@code yunet} is OpenCV's own FaceDetectorYN with {@code yunet_s_640_640.onnx}; the
   * ONNX backend's {@code yunet} runs another file. Like with like: this library's YuNet decoder on the same
   * 640x640 file in ONNX Runtime. That file takes exactly 640x640 in ONNX Runtime, so both are given the photo
   * scaled (as both detectors scale) and padded to 640x640 at the bottom and right.
   */
  @Test
  void faceDetectorYnFindsTheBoxesOfTheSameYuNetModelOnOnnxRuntime() {
    FaceDetector opencv = Backends.engine("opencv").detector("yunet");
    assertThat(opencv.info().models()).containsExactly("libfacedetection/yunet_s_640_640.onnx");
    TensorRunner ort = Backends.ortRunner("libfacedetection/yunet_s_640_640.onnx");
    try (YuNetDetector onnx = new YuNetDetector(new ComponentInfo(ComponentKind.DETECTOR, "yunet-640", "test",
        "YuNet 640x640 on ONNX Runtime", List.of()), ort)) {
      double worst = 1;
      int faces = 0;
      for (Path p : IMAGES) {
        RgbImage img = Backends.image(p);
        double s = Math.min(1, 640.0 / Math.max(img.width(), img.height()));
        RgbImage square = ImageOps.padTo(ImageOps.resize(img, (int) Math.round(img.width() * s),
            (int) Math.round(img.height() * s)), 640, 640);
        List<DetectedFace> a = onnx.detect(square, 0.6);
        List<DetectedFace> b = opencv.detect(square, 0.6);
        assertThat(b).as("yunet on " + p.getFileName()).hasSameSizeAs(a);
        worst = Math.min(worst, worstIou(a, b));
        faces += a.size();
        for (DetectedFace f : a) {
          DetectedFace g = b.stream().max(java.util.Comparator.comparingDouble(x -> x.box().iou(f.box()))).orElseThrow();
          assertThat(g.confidence()).isCloseTo(f.confidence(), org.assertj.core.api.Assertions.within(0.01));
          assertThat(g.landmarks().rightEye().distanceTo(f.landmarks().rightEye())).isLessThan(1.0);
        }
      }
      System.out.printf("parity yunet_s_640_640: lowest box IoU, YuNetDetector on ONNX Runtime vs FaceDetectorYN,"
          + " over %d faces: 1 - %.2g%n", faces, 1 - worst);
      assertThat(worst).isGreaterThanOrEqualTo(0.95);
    }
  }

  /**
   * Not a parity check (different models), a measurement: the two backends' default {@code yunet} (YuNet-n
   * dynamic on ONNX Runtime, YuNet-s 2023mar through FaceDetectorYN) find the same faces with similar boxes.
   */
  @Test
  void theDefaultYunetOfEachBackendFindsTheSameFaces() {
    FaceDetector onnx = Backends.engine("onnx").detector("yunet");
    FaceDetector opencv = Backends.engine("opencv").detector("yunet");
    List<Double> ious = new ArrayList<>();
    for (Path p : IMAGES) {
      RgbImage img = Backends.image(p);
      List<DetectedFace> a = onnx.detect(img, 0.6);
      List<DetectedFace> b = opencv.detect(img, 0.6);
      assertThat(b).as(p.getFileName().toString()).hasSameSizeAs(a);
      for (DetectedFace f : a) {
        ious.add(b.stream().mapToDouble(g -> g.box().iou(f.box())).max().orElse(0));
      }
    }
    double mean = ious.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double min = ious.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    System.out.printf("yunet_n (onnx) vs yunet_s (opencv FaceDetectorYN): %d faces, box IoU mean %.3f, lowest %.3f%n",
        ious.size(), mean, min);
    assertThat(min).isGreaterThan(0.6);
  }
}
