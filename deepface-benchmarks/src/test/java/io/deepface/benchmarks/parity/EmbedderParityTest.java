package io.deepface.benchmarks.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.align.AlignmentMode;
import io.deepface.align.FaceAligner;
import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceDetector;
import io.deepface.spi.FaceEmbedder;
import io.deepface.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import io.deepface.spi.ComponentKind;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same aligned face crops through each standard embedder on ONNX Runtime and on every other backend
 * (OpenCV DNN here): the embeddings agree to cosine similarity 0.999 or better (measured: 0.99999+).
 */
class EmbedderParityTest {
  /** LFW faces of different people, two colour photos and two of the grey face crops. */
  static final List<Path> FACES = List.of(TestData.lfw("Aaron_Sorkin", 1), TestData.lfw("Colin_Powell", 198),
      TestData.lfw("Abdullah", 1), TestData.lfw("Adam_Sandler", 1), TestData.lfw("Afton_Smith", 1),
      TestData.lfw("Hugo_Chavez", 33), TestData.astronaut(), TestData.faceapi("happy.jpg"),
      TestData.faceapi("sheldon/sheldon1.png"), TestData.faceapi("penny/penny2.png"));

  /** One aligned crop per photo, made once (ONNX backend's retinaface) so both backends read identical pixels. */
  static List<RgbImage> crops(FaceEmbedder embedder) {
    FaceDetector detector = Backends.engine("onnx").detector("retinaface");
    List<RgbImage> crops = new ArrayList<>();
    for (Path p : FACES) {
      RgbImage img = Backends.image(p);
      DetectedFace f = detector.detect(img, detector.defaultConfidence()).get(0);
      crops.add(FaceAligner.crop(img, f, embedder.alignment(), AlignmentMode.LANDMARKS));
    }
    return crops;
  }

  static Stream<Arguments> cases() {
    return Backends.cases(ComponentKind.EMBEDDER, "faceplugin-512", "mobilefacenet-128", "fusion");
  }

  @Test
  void openCvOffersEveryStandardEmbedder() {
    assertThat(cases().filter(a -> a.get()[0].equals("opencv")).count()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("cases")
  void embeddingsAgreeAcrossBackends(String backend, String name) {
    FaceEmbedder onnx = Backends.engine("onnx").embedder(name);
    FaceEmbedder opencv = Backends.engine(backend).embedder(name);
    assertThat(onnx.info().backend()).isEqualTo("onnx");
    assertThat(opencv.info().backend()).isEqualTo(backend);
    List<RgbImage> crops = crops(onnx);
    float[][] a = onnx.embed(crops);
    float[][] b = opencv.embed(crops);
    double worst = 1;
    for (int i = 0; i < crops.size(); i++) {
      assertThat(b[i]).hasSize(onnx.dimension());
      worst = Math.min(worst, Backends.cosine(a[i], b[i]));
    }
    System.out.printf("parity %s: lowest cosine similarity onnx vs %s over %d faces: 1 - %.2g%n", name, backend, crops.size(),
        1 - worst);
    assertThat(worst).isGreaterThanOrEqualTo(0.999);
  }
}
