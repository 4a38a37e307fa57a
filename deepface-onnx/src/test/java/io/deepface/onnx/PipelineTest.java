package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepface.ExtractedFace;
import io.deepface.FaceEngine;
import io.deepface.FaceNotDetectedException;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.RepresentedImage;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.image.AffineTransform;
import io.deepface.image.ImageInput;
import io.deepface.image.ImageOps;
import io.deepface.image.InvalidImageException;
import io.deepface.image.RgbImage;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Detection, extraction and representation through the whole pipeline, with real models on real photos. */
class PipelineTest {
  private final FaceEngine engine = TestEngines.shared();
  private final FaceOptions defaults = FaceOptions.defaults();

  @ParameterizedTest(name = "{0} has {1} faces")
  @CsvSource({"bbt1.jpg, 4", "bbt2.jpg, 3", "bbt3.jpg, 5", "bbt4.jpg, 6", "bbt5.jpg, 5"})
  void groupPhotosGiveEveryVisibleFace(String file, int faces) {
    // Counted by eye: bbt2 has two people in front and one whose face is visible at the left edge.
    List<Representation> reps = engine.represent(ImageInput.of(TestData.faceapi(file)), defaults);
    assertThat(reps).hasSize(faces);
    for (Representation r : reps) {
      assertThat(r.embedding()).hasSize(engine.embedder(defaults.model()).dimension());
      assertThat(r.faceConfidence()).isGreaterThan(0.6);
    }
    // Faces are distinct people: no two embeddings are near-duplicates.
    for (int i = 0; i < reps.size(); i++) {
      for (int j = i + 1; j < reps.size(); j++) {
        assertThat(defaults.metric().distance(reps.get(i).embedding(), reps.get(j).embedding())).isGreaterThan(0.3);
      }
    }
  }

  @Test
  void boxesFollowAPaddedAndResizedCopy() {
    RgbImage img = engine.decode(ImageInput.of(TestData.faceapi("bbt3.jpg")));
    // Put the photo into a larger black canvas at (37, 61), then scale everything by 1.37.
    double s = 1.37;
    AffineTransform move = new AffineTransform(s, 0, 37 * s, 0, s, 61 * s);
    int w = (int) Math.round((img.width() + 80) * s);
    int h = (int) Math.round((img.height() + 120) * s);
    RgbImage copy = ImageOps.warpAffine(img, move, w, h);
    List<DetectedFace> original = engine.detectFaces(ImageInput.of(img, "original"), defaults);
    List<DetectedFace> moved = engine.detectFaces(ImageInput.of(copy, "copy"), defaults);
    assertThat(moved).hasSameSizeAs(original);
    for (DetectedFace f : original) {
      FaceBox expected = new FaceBox(f.box().x() * s + 37 * s, f.box().y() * s + 61 * s, f.box().width() * s,
          f.box().height() * s);
      DetectedFace match = moved.stream().max((a, b) -> Double.compare(a.box().iou(expected), b.box().iou(expected))).orElseThrow();
      assertThat(match.box().iou(expected)).isGreaterThan(0.85);
      // Resampling moves landmarks a little (up to about 6% of the face width across detectors).
      assertThat(match.landmarks().nose().distanceTo(move.apply(f.landmarks().nose()))).isLessThan(0.08 * expected.width());
    }
  }

  @Test
  void boxesFollowAMirroredCopyAndLandmarkNamesSwap() {
    RgbImage img = engine.decode(ImageInput.of(TestData.lfw("Aaron_Sorkin", 1)));
    DetectedFace f = engine.detectFaces(ImageInput.of(img, "original"), defaults).get(0);
    DetectedFace m = engine.detectFaces(ImageInput.of(img.mirrored(), "mirrored"), defaults).get(0);
    double w = img.width();
    FaceBox expected = new FaceBox(w - f.box().right(), f.box().y(), f.box().width(), f.box().height());
    assertThat(m.box().iou(expected)).isGreaterThan(0.85);
    // The person's right eye stays the person's right eye: it is still on the image's left.
    assertThat(m.landmarks().rightEye().x()).isLessThan(m.landmarks().leftEye().x());
    assertThat(m.landmarks().rightEye().x()).isCloseTo(w - 1 - f.landmarks().leftEye().x(), within(4.0));
  }

  @Test
  void noFaceFollowsEnforceDetection() {
    // The bottom-right corner of the astronaut portrait: suit and flag, no face.
    RgbImage img = engine.decode(ImageInput.of(TestData.astronaut()));
    RgbImage corner = img.crop(300, 330, 212, 182);
    ImageInput input = ImageInput.of(corner);
    assertThatThrownBy(() -> engine.represent(input, defaults))
        .isInstanceOf(FaceNotDetectedException.class)
        .hasMessageContaining("No face detected in RGB image 212x182 by detector " + FaceOptions.DEFAULT_DETECTOR)
        .hasMessageContaining("enforceDetection(false)");
    List<Representation> whole = engine.represent(input, defaults.toBuilder().enforceDetection(false).build());
    assertThat(whole).hasSize(1);
    assertThat(whole.get(0).faceConfidence()).isZero();
    assertThat(whole.get(0).facialArea().w()).isEqualTo(212);
    assertThat(whole.get(0).facialArea().h()).isEqualTo(182);
  }

  @Test
  void skipDetectorUsesTheWholeImage() {
    RgbImage img = engine.decode(ImageInput.of(TestData.lfw("Aaron_Sorkin", 1)));
    List<DetectedFace> faces = engine.detectFaces(ImageInput.of(img, "lfw"), defaults.toBuilder().detector("skip").build());
    assertThat(faces).singleElement().satisfies(f -> {
      assertThat(f.box()).isEqualTo(new FaceBox(0, 0, 250, 250));
      assertThat(f.confidence()).isZero();
    });
  }

  @Test
  void expandPercentageGrowsBoxesWithinTheImage() {
    RgbImage img = engine.decode(ImageInput.of(TestData.faceapi("bbt1.jpg")));
    List<DetectedFace> plain = engine.detectFaces(ImageInput.of(img, "bbt1"), defaults);
    List<DetectedFace> grown = engine.detectFaces(ImageInput.of(img, "bbt1"), defaults.toBuilder().expandPercentage(20).build());
    for (int i = 0; i < plain.size(); i++) {
      FaceBox p = plain.get(i).box();
      FaceBox g = grown.get(i).box();
      assertThat(g.width()).isCloseTo(p.width() * 1.2, within(1e-6));
      assertThat(g.center().x()).isCloseTo(p.center().x(), within(1e-6));
    }
    List<DetectedFace> huge = engine.detectFaces(ImageInput.of(img, "bbt1"), defaults.toBuilder().expandPercentage(500).build());
    for (DetectedFace f : huge) {
      assertThat(f.box().x()).isGreaterThanOrEqualTo(0);
      assertThat(f.box().right()).isLessThanOrEqualTo(img.width());
      assertThat(f.box().bottom()).isLessThanOrEqualTo(img.height());
    }
  }

  @Test
  void maxFacesKeepsTheLargest() {
    RgbImage img = engine.decode(ImageInput.of(TestData.faceapi("bbt2.jpg")));
    List<DetectedFace> all = engine.detectFaces(ImageInput.of(img, "bbt2"), defaults);
    List<DetectedFace> two = engine.detectFaces(ImageInput.of(img, "bbt2"), defaults.toBuilder().maxFaces(2).build());
    assertThat(two).hasSize(2);
    double smallest = all.stream().mapToDouble(f -> f.box().area()).min().orElseThrow();
    assertThat(two).allSatisfy(f -> assertThat(f.box().area()).isGreaterThan(smallest));
  }

  /** A wider-dev photo of a traffic scene: 64 labelled faces to score, most of them small. */
  private RgbImage crowd() {
    return engine.decode(ImageInput.of(TestData.datasetsDir()
        .resolve("wider-dev/14--Traffic/14_Traffic_Traffic_14_840.jpg")));
  }

  @Test
  void minFaceSizeIgnoresNarrowerFaces() {
    RgbImage img = crowd();
    List<DetectedFace> all = engine.detectFaces(ImageInput.of(img, "crowd"), defaults);
    assertThat(all).hasSizeGreaterThan(10);
    double[] widths = all.stream().mapToDouble(f -> f.box().width()).sorted().toArray();
    int cut = (int) Math.ceil(widths[widths.length / 2]);
    List<DetectedFace> large = engine.detectFaces(ImageInput.of(img, "crowd"), defaults.toBuilder().minFaceSize(cut).build());
    assertThat(large).hasSize((int) all.stream().filter(f -> f.box().width() >= cut).count());
    assertThat(large).hasSizeLessThan(all.size()).isNotEmpty()
        .allSatisfy(f -> assertThat(f.box().width()).isGreaterThanOrEqualTo(cut));
    // The faces kept are the same faces, with the same boxes.
    assertThat(large).allSatisfy(f -> assertThat(all).contains(f));
    int beyond = (int) Math.ceil(widths[widths.length - 1]) + 1;
    FaceOptions none = defaults.toBuilder().minFaceSize(beyond).build();
    assertThatThrownBy(() -> engine.detectFaces(ImageInput.of(img, "crowd"), none))
        .isInstanceOf(FaceNotDetectedException.class)
        .hasMessageContaining(all.size() + " faces narrower than minFaceSize " + beyond + " px ignored");
    assertThat(engine.detectFaces(ImageInput.of(img, "crowd"), none.toBuilder().enforceDetection(false).build()))
        .singleElement().satisfies(f -> assertThat(f.confidence()).isZero());
  }

  @Test
  void aHigherMinConfidenceKeepsFewerAndSurerFaces() {
    RgbImage img = crowd();
    List<DetectedFace> all = engine.detectFaces(ImageInput.of(img, "crowd"), defaults);
    List<DetectedFace> sure = engine.detectFaces(ImageInput.of(img, "crowd"), defaults.toBuilder().minConfidence(0.9).build());
    assertThat(sure).isNotEmpty().hasSizeLessThan(all.size())
        .allSatisfy(f -> assertThat(f.confidence()).isGreaterThanOrEqualTo(0.9));
    List<DetectedFace> loose = engine.detectFaces(ImageInput.of(img, "crowd"), defaults.toBuilder().minConfidence(0.3).build());
    assertThat(loose.size()).isGreaterThanOrEqualTo(all.size());
    assertThat(all).allSatisfy(f -> assertThat(f.confidence()).isGreaterThanOrEqualTo(
        engine.detector(defaults.detector()).defaultConfidence()));
  }

  @Test
  void extractFacesGivesAlignedCropsOfTheAskedSize() {
    List<ExtractedFace> faces = engine.extractFaces(ImageInput.of(TestData.faceapi("bbt1.jpg")),
        defaults.toBuilder().faceSize(160).build());
    assertThat(faces).hasSize(4);
    for (ExtractedFace f : faces) {
      assertThat(f.face().width()).isEqualTo(160);
      assertThat(f.face().height()).isEqualTo(160);
      assertThat(f.faceConfidence()).isGreaterThan(0.6);
    }
    // The crop is the face the embedder sees: re-detected inside it, eyes sit where the template puts them.
    DetectedFace again = engine.detectFaces(ImageInput.of(faces.get(0).face(), "crop"), defaults).get(0);
    assertThat(again.landmarks().rightEye().x()).isCloseTo(38.3 * 160 / 112, within(8.0));
    assertThat(again.landmarks().rightEye().y()).isCloseTo(51.7 * 160 / 112, within(8.0));
  }

  @Test
  void flipGivesUnitVectorsCloseToThePlainOnes() {
    ImageInput img = ImageInput.of(TestData.lfw("Aaron_Sorkin", 1));
    float[] plain = engine.represent(img, defaults).get(0).embedding();
    float[] flipped = engine.represent(img, defaults.toBuilder().flip(true).build()).get(0).embedding();
    double norm = 0;
    for (float v : flipped) {
      norm += v * v;
    }
    assertThat(norm).isCloseTo(1.0, within(1e-4));
    assertThat(defaults.metric().distance(plain, flipped)).isLessThan(0.2);
  }

  @Test
  void aBatchGivesTheSameFacesAsOneByOneAndKeepsEachImagesError() {
    RgbImage black = RgbImage.wrap(64, 64, new byte[64 * 64 * 3]);
    List<ImageInput> inputs = List.of(ImageInput.of(TestData.faceapi("bbt2.jpg")), ImageInput.of(black, "black square"),
        ImageInput.of(new byte[] {1, 2, 3}, "three bytes"), ImageInput.of(TestData.lfw("Aaron_Sorkin", 1)));
    FaceOptions mobile = defaults.toBuilder().model("mobilefacenet-128").build();
    List<RepresentedImage> batch = engine.represent(inputs, mobile);
    assertThat(batch).extracting(RepresentedImage::input).containsExactlyElementsOf(inputs);
    assertThat(batch.get(1).error()).isInstanceOf(FaceNotDetectedException.class).hasMessageContaining("black square");
    assertThat(batch.get(2).error()).isInstanceOf(InvalidImageException.class).hasMessageContaining("three bytes");
    assertThatThrownBy(batch.get(2)::facesOrThrow).isSameAs(batch.get(2).error());
    for (int i : new int[] {0, 3}) {
      List<Representation> one = engine.represent(inputs.get(i), mobile);
      assertThat(batch.get(i).failed()).isFalse();
      assertThat(batch.get(i).faces()).hasSameSizeAs(one);
      for (int f = 0; f < one.size(); f++) {
        assertThat(batch.get(i).faces().get(f).facialArea()).isEqualTo(one.get(f).facialArea());
        assertThat(mobile.metric().distance(batch.get(i).faces().get(f).embedding(), one.get(f).embedding()))
            .isLessThan(1e-5);
      }
    }
  }

  @Test
  void aDecodedImageKeepsItsNameInErrors() {
    RgbImage black = RgbImage.wrap(32, 32, new byte[32 * 32 * 3]);
    assertThatThrownBy(() -> engine.detectFaces(ImageInput.of(black, "frame 17"), defaults))
        .isInstanceOf(FaceNotDetectedException.class).hasMessageContaining("frame 17");
    assertThat(ImageInput.of(black).description()).isEqualTo("RGB image 32x32");
  }
}
