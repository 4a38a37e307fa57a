package io.deepface.testing.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.FaceEngine;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceDetector;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import io.deepface.testing.TestImages;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link FaceDetector} promises, checked on real photos: a backend module subclasses this for its own
 * detectors ({@link #detectors()}) and runs it. Boxes and landmarks are in the image's own pixels whatever its size
 * and aspect ratio (so they follow padding, scaling and mirroring), landmarks are named from the subject's side,
 * results are sorted by confidence and never below the minimum asked for, a blank image has no face, and the
 * component is thread-safe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DetectorConformanceTest {
  /** Which landmarks a detector gives. */
  public enum Landmarks {
    /** Both eyes, the nose and both mouth corners. */
    FIVE_POINTS,
    /** Both eyes and the nose (BlazeFace). */
    EYES_AND_NOSE
  }

  /** A known departure from the contract, recorded so that the suite says so, and notices when it is gone. */
  public enum Quirk {
    /**
     * Reports a face on a flat grey image of extreme aspect ratio (2000x300), at the edge of the letterbox it pads
     * the image into.
     */
    FACE_ON_WIDE_BLANK_IMAGE,
    /**
     * Its runtime mishandles a tiny 31x17 input and returns uninitialised values; the detector drops what is not a
     * sound output, but a degenerate face (a zero-size box far outside the image) may remain. The engine's clamping
     * drops such a box, so only direct callers of the detector see it.
     */
    GARBAGE_ON_TINY_IMAGE
  }

  /**
   * One detector and what it promises beyond the contract.
   *
   * @param name the component name
   * @param landmarks the landmarks it gives
   * @param findsGroupFaces it finds every face of the group photos ({@link GroupPhotos}); a short-range model
   *     does not
   * @param quirks its known departures from the contract
   */
  public record Detector(String name, Landmarks landmarks, boolean findsGroupFaces, Set<Quirk> quirks) {
    public Detector(String name, Landmarks landmarks, boolean findsGroupFaces) {
      this(name, landmarks, findsGroupFaces, Set.of());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The engine whose registry selects this module's components (usually {@link TestEngines#shared()}). */
  protected FaceEngine engine() {
    return TestEngines.shared();
  }

  /** The backend the detectors must come from, for example {@code onnx}. */
  protected abstract String backend();

  /** The detectors to check. */
  protected abstract List<Detector> detectors();

  private FaceDetector detector(Detector d) {
    return engine().detector(d.name());
  }

  private static RgbImage image(java.nio.file.Path file) {
    return TestEngines.decode(file);
  }

  /** A frontal LFW face on which every detector is steady under resampling. */
  private static RgbImage steadyFace() {
    return image(TestData.lfw("Colin_Powell", 198));
  }

  private static DetectedFace best(FaceDetector d, RgbImage img) {
    List<DetectedFace> faces = d.detect(img, d.defaultConfidence());
    assertThat(faces).as("faces found by " + d.info().name()).isNotEmpty();
    return faces.get(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void isOfferedByThisBackendUnderItsName(Detector c) {
    FaceDetector d = detector(c);
    assertThat(d.info().name()).isEqualTo(c.name());
    assertThat(d.info().backend()).isEqualTo(backend());
    assertThat(d.defaultConfidence()).isBetween(0.0, 1.0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void findsTheFaceOfLfwPhotosWithPlausibleGeometry(Detector c) {
    FaceDetector d = detector(c);
    for (RgbImage img : List.of(image(TestData.lfw("Aaron_Sorkin", 1)), steadyFace())) {
      List<DetectedFace> faces = d.detect(img, d.defaultConfidence());
      assertThat(faces).as(c.name()).hasSize(1);
      DetectedFace f = faces.get(0);
      assertThat(f.confidence()).isBetween(d.defaultConfidence(), 1.0);
      // LFW photos are centred on a face about 100 px wide.
      FaceBox b = f.box();
      assertThat(b.center().x()).isBetween(100.0, 150.0);
      assertThat(b.center().y()).isBetween(100.0, 160.0);
      assertThat(b.width()).isBetween(70.0, 150.0);
      assertThat(b.height()).isBetween(70.0, 160.0);
      FaceLandmarks lm = f.landmarks();
      assertThat(lm).isNotNull();
      // Subject-side naming: the person's right eye is on the image's left.
      assertThat(lm.rightEye().x()).isLessThan(lm.leftEye().x());
      assertThat(lm.rightEye().distanceTo(lm.leftEye())).isBetween(0.25 * b.width(), 0.6 * b.width());
      assertThat(lm.nose()).isNotNull();
      assertThat(Math.max(lm.rightEye().y(), lm.leftEye().y())).isLessThan(lm.nose().y());
      assertThat(lm.nose().x()).isBetween(lm.rightEye().x(), lm.leftEye().x());
      if (c.landmarks() == Landmarks.FIVE_POINTS) {
        assertThat(lm.complete()).isTrue();
        assertThat(lm.mouthRight().x()).isLessThan(lm.mouthLeft().x());
        assertThat(lm.nose().y()).isLessThan(Math.min(lm.mouthRight().y(), lm.mouthLeft().y()));
      } else {
        assertThat(lm.mouthRight()).isNull();
        assertThat(lm.mouthLeft()).isNull();
      }
      for (Point p : points(lm)) {
        assertThat(GroupPhotos.contains(b, p)).as(c.name() + " point " + p + " in " + b).isTrue();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void findsEveryFaceOfTheGroupPhotos(Detector c) {
    if (!c.findsGroupFaces()) {
      return; // A short-range model: its own module tests what it finds.
    }
    FaceDetector d = detector(c);
    GroupPhotos.FACES.forEach((file, expected) -> {
      List<DetectedFace> faces = d.detect(image(TestData.faceapi(file)), d.defaultConfidence());
      assertThat(faces).as(c.name() + " on " + file).hasSize(expected.size());
      assertSortedByConfidence(faces);
      for (Point p : expected) {
        assertThat(faces.stream().filter(f -> GroupPhotos.contains(f.box(), p)).count())
            .as(c.name() + " on " + file + ": boxes around the face at " + p).isEqualTo(1);
      }
    });
  }

  /**
   * Detectors are not exactly equivariant: over 40 LFW faces, resampling alone moved their boxes by up to 0.12 IoU
   * and their points by up to 10% of the face's width, so the tolerances hold on a steady face; a mapping bug (a
   * forgotten offset, padding or scale) moves boxes far more than that.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void mapsBoxesAndLandmarksBackThroughPaddingAndScaling(Detector c) {
    FaceDetector d = detector(c);
    RgbImage img = steadyFace();
    DetectedFace original = best(d, img);
    int dx = 53;
    int dy = 21;
    RgbImage canvas = TestImages.padded(img, dx, dy);
    double kx = 467.0 / canvas.width();
    double ky = 393.0 / canvas.height();
    RgbImage scaled = ImageOps.resize(canvas, 467, 393);
    assertSameFace(c.name(), best(d, scaled),
        transform(original, p -> new Point((p.x() + dx) * kx, (p.y() + dy) * ky)));
    RgbImage small = ImageOps.resize(img, 197, 211);
    assertSameFace(c.name(), best(d, small), transform(original, p -> new Point(p.x() * 197 / 250, p.y() * 211 / 250)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void aMirroredFaceSwapsItsSides(Detector c) {
    FaceDetector d = detector(c);
    RgbImage img = steadyFace();
    DetectedFace original = best(d, img);
    DetectedFace mirrored = best(d, img.mirrored());
    UnaryOperator<Point> flip = p -> p == null ? null : new Point(img.width() - p.x(), p.y());
    FaceLandmarks o = original.landmarks();
    // The subject's right eye of the mirrored face is the mirror image of the original's left eye.
    FaceLandmarks expected = new FaceLandmarks(flip.apply(o.leftEye()), flip.apply(o.rightEye()), flip.apply(o.nose()),
        flip.apply(o.mouthLeft()), flip.apply(o.mouthRight()));
    FaceBox b = original.box();
    assertSameFace(c.name(), mirrored,
        new DetectedFace(new FaceBox(img.width() - b.right(), b.y(), b.width(), b.height()), original.confidence(),
            expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void higherThresholdsNeverAddFaces(Detector c) {
    FaceDetector d = detector(c);
    RgbImage img = image(TestData.faceapi("bbt4.jpg"));
    List<DetectedFace> loose = d.detect(img, 0.3);
    List<DetectedFace> strict = d.detect(img, 0.95);
    assertSortedByConfidence(loose);
    assertThat(loose.size()).isGreaterThanOrEqualTo(strict.size());
    assertThat(strict).allSatisfy(f -> assertThat(f.confidence()).isGreaterThanOrEqualTo(0.95));
    assertThat(d.detect(img, 1.01)).isEmpty();
  }

  /** An image with no face (a flat grey card) gives no detection, whatever its size and aspect ratio. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void aBlankImageHasNoFace(Detector c) {
    FaceDetector d = detector(c);
    for (int[] size : new int[][] {{640, 480}, {300, 2000}}) {
      assertThat(d.detect(grey(size[0], size[1]), d.defaultConfidence()))
          .as(c.name() + " on " + size[0] + "x" + size[1]).isEmpty();
    }
    List<DetectedFace> tiny = d.detect(grey(31, 17), d.defaultConfidence());
    if (c.quirks().contains(Quirk.GARBAGE_ON_TINY_IMAGE)) {
      // Not every run: what comes back is uninitialised memory. Whatever it is, the engine's clamping drops it.
      assertThat(tiny).allSatisfy(f -> assertThat(f.box().clampTo(31, 17).width() < 1
          || f.box().clampTo(31, 17).height() < 1).as("a degenerate box: " + f.box()).isTrue());
    } else {
      assertThat(tiny).as(c.name() + " on 31x17").isEmpty();
    }
    List<DetectedFace> wide = d.detect(grey(2000, 300), d.defaultConfidence());
    if (c.quirks().contains(Quirk.FACE_ON_WIDE_BLANK_IMAGE)) {
      assertThat(wide).as(c.name() + " no longer finds a face on a wide blank image: drop its quirk").isNotEmpty();
    } else {
      assertThat(wide).as(c.name() + " on 2000x300").isEmpty();
    }
  }

  private static RgbImage grey(int w, int h) {
    byte[] grey = new byte[w * h * 3];
    Arrays.fill(grey, (byte) 128);
    return RgbImage.wrap(w, h, grey);
  }

  /** One instance serves every thread: concurrent calls give what one call alone gives. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void concurrentCallsGiveTheSameFaces(Detector c) throws Exception {
    FaceDetector d = detector(c);
    RgbImage img = image(TestData.faceapi("bbt3.jpg"));
    List<DetectedFace> alone = d.detect(img, d.defaultConfidence());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<DetectedFace>>> runs =
          Stream.generate(() -> pool.submit(() -> d.detect(img, d.defaultConfidence()))).limit(8).toList();
      for (Future<List<DetectedFace>> f : runs) {
        List<DetectedFace> got = f.get();
        assertThat(got).hasSameSizeAs(alone);
        for (int i = 0; i < got.size(); i++) {
          assertThat(got.get(i).box().iou(alone.get(i).box())).isGreaterThan(0.999);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertSameFace(String name, DetectedFace actual, DetectedFace expected) {
    assertThat(actual.box().iou(expected.box())).as(name + " box " + actual.box() + " vs " + expected.box())
        .isGreaterThanOrEqualTo(0.85);
    // Resampling alone moves points by up to 10% of the face's width (see above); a mapping bug, by far more.
    double tolerance = 0.11 * expected.box().width();
    List<Point> a = points(actual.landmarks());
    List<Point> e = points(expected.landmarks());
    assertThat(a).hasSameSizeAs(e);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).distanceTo(e.get(i))).as(name + " landmark " + i + ": " + a.get(i) + " vs " + e.get(i))
          .isLessThan(tolerance);
    }
  }

  private static DetectedFace transform(DetectedFace f, UnaryOperator<Point> t) {
    Point p0 = t.apply(new Point(f.box().x(), f.box().y()));
    Point p1 = t.apply(new Point(f.box().right(), f.box().bottom()));
    FaceLandmarks l = f.landmarks();
    UnaryOperator<Point> n = p -> p == null ? null : t.apply(p);
    return new DetectedFace(new FaceBox(p0.x(), p0.y(), p1.x() - p0.x(), p1.y() - p0.y()), f.confidence(),
        new FaceLandmarks(n.apply(l.rightEye()), n.apply(l.leftEye()), n.apply(l.nose()), n.apply(l.mouthRight()),
            n.apply(l.mouthLeft())));
  }

  private static List<Point> points(FaceLandmarks l) {
    return Stream.of(l.rightEye(), l.leftEye(), l.nose(), l.mouthRight(), l.mouthLeft()).filter(Objects::nonNull)
        .toList();
  }

  private static void assertSortedByConfidence(List<DetectedFace> faces) {
    assertThat(faces).isSortedAccordingTo(Comparator.comparingDouble(DetectedFace::confidence).reversed());
  }
}
