package io.deepface;

import io.deepface.align.FaceAligner;
import io.deepface.analysis.AntiSpoof;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.Point;
import io.deepface.image.ImageDecoder;
import io.deepface.image.ImageInput;
import io.deepface.image.InvalidImageException;
import io.deepface.image.RgbImage;
import io.deepface.internal.Parallel;
import io.deepface.spi.AlignmentSpec;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.FaceDetector;
import io.deepface.spi.FaceEmbedder;
import io.deepface.verify.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decode, detect, check, align and embed: the rules every entry point shares. Detection keeps the faces scoring
 * at least the minimum confidence and at least {@code minFaceSize} pixels wide; above {@code maxFaces} it keeps the
 * largest (in the detector's order of confidence); each box grows by {@code expandPercentage} and is clamped to the image; without a face the whole
 * image is the face (confidence 0) unless detection is enforced. With anti-spoofing on, every face is checked
 * before anything else uses it.
 */
final class FacePipeline {
  private static final Logger LOG = LoggerFactory.getLogger("io.deepface.FaceEngine");
  static final String SPOOF_MODEL = AnalyzeOptions.DEFAULT_MODELS.get(FaceAttribute.SPOOF);

  private final ComponentCache components;
  private final ImageDecoder decoder;

  FacePipeline(ComponentCache components, ImageDecoder decoder) {
    this.components = components;
    this.decoder = decoder;
  }

  RgbImage decode(ImageInput input) {
    return decoder.decode(input);
  }

  /** The faces of {@code image} after the options' rules (see the class comment). */
  List<DetectedFace> detect(RgbImage image, String what, FaceOptions options) {
    FaceDetector detector = components.detector(options.detector());
    double minConfidence = options.minConfidence().orElse(detector.defaultConfidence());
    List<DetectedFace> faces = new ArrayList<>(detector.detect(image, minConfidence));
    int found = faces.size();
    if (options.minFaceSize() > 0) {
      faces.removeIf(f -> f.box().width() < options.minFaceSize());
    }
    int tooSmall = found - faces.size();
    if (faces.size() > options.maxFaces()) {
      faces.sort(Comparator.comparingDouble((DetectedFace f) -> f.box().area()).reversed());
      faces = new ArrayList<>(faces.subList(0, options.maxFaces()));
      faces.sort(Comparator.comparingDouble(DetectedFace::confidence).reversed());
    }
    List<DetectedFace> out = new ArrayList<>(faces.size());
    for (DetectedFace f : faces) {
      FaceBox box = options.expandPercentage() > 0 ? f.box().expand(options.expandPercentage()) : f.box();
      FaceBox clamped = box.clampTo(image.width(), image.height());
      if (clamped.width() >= 1 && clamped.height() >= 1) {
        out.add(f.withBox(clamped));
      }
    }
    if (out.isEmpty()) {
      if (options.enforceDetection()) {
        throw new FaceNotDetectedException(what, options.detector(), minConfidence, tooSmall, options.minFaceSize());
      }
      out.add(new DetectedFace(new FaceBox(0, 0, image.width(), image.height()), 0, null));
    }
    return out;
  }

  /** Aligned crops of {@code options.faceSize()} pixels square, one per face. */
  List<ExtractedFace> extract(ImageInput input, FaceOptions options) {
    RgbImage image = decode(input);
    AlignmentSpec spec = scaled(AlignmentSpec.ARCFACE_112, options.faceSize());
    List<ExtractedFace> out = new ArrayList<>();
    for (DetectedFace f : detect(image, input.description(), options)) {
      RgbImage crop = FaceAligner.crop(image, f, spec, options.alignment());
      out.add(new ExtractedFace(crop, FacialArea.of(f), f.confidence()));
    }
    return out;
  }

  /** {@code spec} scaled to a {@code size} x {@code size} crop. */
  static AlignmentSpec scaled(AlignmentSpec spec, int size) {
    double sx = (double) size / spec.width();
    double sy = (double) size / spec.height();
    // Template points are pixel centres: scale about the top-left corner of the first pixel.
    return new AlignmentSpec(size, size, spec.template().stream()
        .map(p -> new Point((p.x() + 0.5) * sx - 0.5, (p.y() + 0.5) * sy - 0.5)).toList());
  }

  /**
   * Runs the anti-spoofing model on every face; raises {@link SpoofDetectedException} for the first fake one.
   * Returns the results, one per face, when all are real.
   */
  List<AntiSpoof> checkSpoofing(RgbImage image, String what, List<DetectedFace> faces) {
    AttributeModel model = components.attributeModel(SPOOF_MODEL);
    List<AntiSpoof> out = new ArrayList<>(faces.size());
    for (DetectedFace f : faces) {
      AntiSpoof result = model.predict(image, f).stream().filter(AntiSpoof.class::isInstance).map(AntiSpoof.class::cast)
          .findFirst().orElseThrow(() -> new DeepFaceException(SPOOF_MODEL + " returned no anti-spoofing result"));
      if (!result.isReal()) {
        LOG.debug("Spoof detected in {}: real probability {}", what, result.realProbability());
        throw new SpoofDetectedException(what, FacialArea.of(f), result.realProbability());
      }
      out.add(result);
    }
    return out;
  }

  /** The faces of one input, each embedded; the input's error thrown when it has none. */
  List<Representation> represent(ImageInput input, FaceOptions options) {
    return represent(List.of(input), options).get(0).facesOrThrow();
  }

  /**
   * The faces of every input, the faces of all inputs going to the embedder in one call (which batches as its
   * model allows). An input that cannot be decoded, has no face (detection enforced) or shows a fake face
   * (anti-spoofing on) gets its error in its result; any other failure is thrown.
   */
  List<RepresentedImage> represent(List<ImageInput> inputs, FaceOptions options) {
    // Unknown component names fail first, with the list of what exists.
    FaceEmbedder embedder = components.embedder(options.model());
    components.detector(options.detector());
    // The inputs are decoded, detected and aligned on several cores (two photos of a verify at once).
    List<Prepared> prepared = Parallel.map(inputs, input -> prepare(input, embedder, options));
    List<RgbImage> crops = new ArrayList<>();
    for (Prepared p : prepared) {
      crops.addAll(p.crops());
      if (options.flip()) {
        for (RgbImage c : p.crops()) {
          crops.add(c.mirrored());
        }
      }
    }
    float[][] vectors = crops.isEmpty() ? new float[0][] : embedder.embed(crops);
    List<RepresentedImage> out = new ArrayList<>(inputs.size());
    int at = 0;
    for (Prepared p : prepared) {
      int n = p.faces().size();
      List<Representation> reps = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        float[] v = vectors[at + i];
        if (options.flip()) {
          v = Vectors.flipCombined(v, vectors[at + n + i]);
        }
        DetectedFace f = p.faces().get(i);
        reps.add(new Representation(v, FacialArea.of(f), f.confidence()));
      }
      at += options.flip() ? 2 * n : n;
      out.add(new RepresentedImage(p.input(), reps, p.error()));
    }
    return out;
  }

  /** One input decoded, detected, checked and aligned for the embedder, or the input error that stopped it. */
  private record Prepared(ImageInput input, List<DetectedFace> faces, List<RgbImage> crops, DeepFaceException error) {}

  private Prepared prepare(ImageInput input, FaceEmbedder embedder, FaceOptions options) {
    try {
      RgbImage image = decode(input);
      List<DetectedFace> faces = detect(image, input.description(), options);
      if (options.antiSpoofing()) {
        checkSpoofing(image, input.description(), faces);
      }
      List<RgbImage> crops = new ArrayList<>(faces.size());
      for (DetectedFace f : faces) {
        crops.add(FaceAligner.crop(image, f, embedder.alignment(), options.alignment()));
      }
      return new Prepared(input, faces, crops, null);
    } catch (InvalidImageException | FaceNotDetectedException | SpoofDetectedException e) {
      return new Prepared(input, List.of(), List.of(), e);
    }
  }
}
