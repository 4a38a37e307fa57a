package io.deepface;

import io.deepface.adapt.AdaptedEmbedder;
import io.deepface.face.DetectedFace;
import io.deepface.find.FaceRepresenter;
import io.deepface.find.FindMatch;
import io.deepface.find.FindOptions;
import io.deepface.find.Gallery;
import io.deepface.image.ImageDecoder;
import io.deepface.image.ImageInput;
import io.deepface.image.ImageLimits;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelRepository;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.BackendContext;
import io.deepface.spi.BackendRegistry;
import io.deepface.spi.ComponentKind;
import io.deepface.spi.FaceDetector;
import io.deepface.spi.FaceEmbedder;
import io.deepface.verify.ThresholdTable;
import java.nio.file.Path;
import java.util.List;

/**
 * A face-analysis pipeline: image -> faces -> aligned crops -> embeddings -> decisions. A thin facade over the
 * engine's collaborators: the component cache, the detect-align-embed pipeline, the analyzer and the verifier.
 *
 * <p>Components (detectors, embedders, attribute models) are created lazily, once, on first use, by the
 * backend the {@link BackendRegistry} selects, and shared by every thread. The engine is thread-safe:
 * one instance should serve a whole application. {@link #close()} frees the models' native memory; do not
 * call it while other threads still use the engine.
 */
public final class FaceEngine implements FaceRepresenter, AutoCloseable {
  private final BackendRegistry registry;
  private final ModelRepository models;
  private final ThresholdTable thresholds;
  private final ComponentCache components;
  private final FacePipeline pipeline;
  private final Analyzer analyzer;
  private final Verifier verifier;

  FaceEngine(BackendRegistry registry, ModelRepository models, ImageLimits limits, ThresholdTable thresholds,
      int intraOpThreads) {
    this.registry = registry;
    this.models = models;
    this.thresholds = thresholds;
    this.components = new ComponentCache(registry, new BackendContext(models, intraOpThreads));
    this.pipeline = new FacePipeline(components, new ImageDecoder(limits));
    this.analyzer = new Analyzer(components, pipeline);
    this.verifier = new Verifier(thresholds, components, pipeline);
  }

  /** An engine with the backends on the classpath and the model repository from the environment. */
  public static FaceEngine create() {
    return builder().build();
  }

  /** A builder of engines with their own backends, model repository, thresholds or image limits. */
  public static FaceEngineBuilder builder() {
    return new FaceEngineBuilder();
  }

  /** The backends this engine chooses components from. */
  public BackendRegistry registry() {
    return registry;
  }

  /** Where this engine's models come from. */
  public ModelRepository models() {
    return models;
  }

  /** The calibrated thresholds verification and search use. */
  public ThresholdTable thresholds() {
    return thresholds;
  }

  /** Decodes an input within this engine's {@link ImageLimits}. */
  public RgbImage decode(ImageInput input) {
    return pipeline.decode(input);
  }

  public FaceDetector detector(String name) {
    return components.detector(name);
  }

  public FaceEmbedder embedder(String name) {
    return components.embedder(name);
  }

  public AttributeModel attributeModel(String name) {
    return components.attributeModel(name);
  }

  /**
   * The faces in {@code input} after the options' rules: minimum confidence, minimum face size, at most
   * {@code maxFaces} (the largest), boxes grown by {@code expandPercentage} and clamped to the image; the whole
   * image (confidence 0) when none is found and detection is not enforced.
   *
   * @throws FaceNotDetectedException when none is found and detection is enforced
   */
  public List<DetectedFace> detectFaces(ImageInput input, FaceOptions options) {
    return pipeline.detect(decode(input), input.description(), options);
  }

  /** Aligned face crops of {@code options.faceSize()} pixels square, one per face. */
  public List<ExtractedFace> extractFaces(ImageInput input, FaceOptions options) {
    return pipeline.extract(input, options);
  }

  /** One embedding per face in the input. */
  public List<Representation> represent(ImageInput input, FaceOptions options) {
    return pipeline.represent(input, options);
  }

  /**
   * {@code represent} for many images: the faces of all go to the embedder in one call. One result per input, in
   * order; an input that is unreadable, has no face (detection enforced) or a fake one (anti-spoofing on) gets its
   * error in its result, and the others go on.
   */
  @Override
  public List<RepresentedImage> represent(List<ImageInput> inputs, FaceOptions options) {
    return pipeline.represent(inputs, options);
  }

  /** The length of the embeddings {@code represent} gives with {@code options} (loads the embedder). */
  @Override
  public int dimension(FaceOptions options) {
    return components.embedder(options.model()).dimension();
  }

  /** The backends that run the detector and embedder {@code options} name (nothing is loaded). */
  @Override
  public String provenance(FaceOptions options) {
    return "detector=" + registry.select(ComponentKind.DETECTOR, options.detector()).name()
        + ",embedder=" + (AdaptedEmbedder.parse(options.model()).isPresent()
            ? components.embedder(options.model()).info().backend()
            : registry.select(ComponentKind.EMBEDDER, options.model()).name());
  }

  /**
   * DeepFace's {@code analyze}: the attributes {@code analysis} asks for, for every face in the input. Only
   * the models of those actions are loaded (once, shared) and run, each once per face.
   *
   * @throws io.deepface.analysis.AttributeNotAvailableException for an action without a model, before anything
   *     else runs
   * @throws SpoofDetectedException when {@code options.antiSpoofing()} is on and a face is fake
   */
  public List<FaceAnalysis> analyze(ImageInput input, AnalyzeOptions analysis, FaceOptions options) {
    return analyzer.analyze(input, analysis, options);
  }

  /**
   * Compares every face of {@code img1} with every face of {@code img2} and reports the closest pair, as
   * DeepFace's {@code verify} does.
   */
  public VerifyResult verify(ImageInput img1, ImageInput img2, FaceOptions options) {
    return verifier.verify(img1, img2, options);
  }

  /** Verification of two precomputed embeddings (from {@link #represent} with the same options). */
  public VerifyResult verify(float[] embedding1, float[] embedding2, FaceOptions options) {
    return verifier.verify(embedding1, embedding2, options);
  }

  /**
   * DeepFace's {@code find}: one list per face of {@code img}, each the faces of the folder's photos within the
   * threshold, closest first; the folder's cache is brought up to date first (unless {@link FindOptions#refresh()}
   * is off). Keep a {@link Gallery} open instead for repeated searches: it keeps the index in memory.
   */
  public List<List<FindMatch>> find(ImageInput img, Path galleryDir, FindOptions options) {
    try (Gallery gallery = Gallery.open(this, galleryDir, options)) {
      return gallery.find(img);
    }
  }

  /**
   * The threshold and confidence slope for {@code options}, resolved once: the calibrated entry for their embedder,
   * metric, alignment and flip, with their own threshold in its place when they give one.
   *
   * @throws io.deepface.verify.ThresholdNotFoundException when the setting has no calibration and no threshold is given
   */
  @Override
  public ThresholdTable.Entry calibration(FaceOptions options) {
    return verifier.calibration(options);
  }

  /** Closes every loaded component. Not to be called while other threads use the engine. */
  @Override
  public void close() {
    components.close();
  }
}
