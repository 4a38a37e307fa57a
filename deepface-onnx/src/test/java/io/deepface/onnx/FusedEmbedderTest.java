package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.align.AlignmentMode;
import io.deepface.align.FaceAligner;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceEmbedder;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import io.deepface.verify.DistanceMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

class FusedEmbedderTest {
  private final FaceEngine engine = TestEngines.shared();

  private List<RgbImage> crops(String name, int index) {
    RgbImage img = engine.decode(ImageInput.of(TestData.lfw(name, index)));
    DetectedFace f = engine.detectFaces(ImageInput.of(img, name), FaceOptions.defaults()).get(0);
    FaceEmbedder fusion = engine.embedder("fusion");
    return List.of(FaceAligner.crop(img, f, fusion.alignment(), AlignmentMode.LANDMARKS));
  }

  @Test
  void fusedCosineIsTheMeanOfThePartsCosines() {
    FaceEmbedder fusion = engine.embedder("fusion");
    FaceEmbedder a = engine.embedder("faceplugin-512");
    FaceEmbedder b = engine.embedder("mobilefacenet-128");
    assertThat(fusion.dimension()).isEqualTo(640);
    List<RgbImage> x = crops("Aaron_Sorkin", 1);
    List<RgbImage> y = crops("Aaron_Sorkin", 2);
    float[] fx = fusion.embed(x)[0];
    float[] fy = fusion.embed(y)[0];
    double norm = 0;
    for (float v : fx) {
      norm += v * v;
    }
    assertThat(norm).isCloseTo(1, within(1e-5));
    double expected = (DistanceMetric.COSINE.distance(a.embed(x)[0], a.embed(y)[0])
        + DistanceMetric.COSINE.distance(b.embed(x)[0], b.embed(y)[0])) / 2;
    assertThat(DistanceMetric.COSINE.distance(fx, fy)).isCloseTo(expected, within(1e-5));
  }
}
