package io.deepface;

import io.deepface.align.FaceAligner;
import io.deepface.analysis.AntiSpoof;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.Point;
import io.deepface.find.FindMatch;
import io.deepface.find.FindOptions;
import io.deepface.find.Gallery;
import io.deepface.image.ImageDecoder;
import io.deepface.image.ImageInput;
import io.deepface.image.ImageLimits;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelRepository;
import io.deepface.spi.AlignmentSpec;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.BackendContext;
import io.deepface.spi.BackendRegistry;
import io.deepface.spi.Component;
import io.deepface.spi.ComponentKind;
import io.deepface.spi.DeepFaceBackend;
import io.deepface.spi.FaceDetector;
import io.deepface.spi.FaceEmbedder;
import io.deepface.verify.Calibration;
import io.deepface.verify.ThresholdTable;
import io.deepface.verify.Vectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A face-analysis pipeline: image -> faces -> aligned crops -> embeddings -> decisions.
 *
 * <p>Components (detectors, embedders, attribute models) are created lazily, once, on first use, by the
 * backend the {@link BackendRegistry} selects, and shared by every thread. The engine is thread-safe:
 * one instance should serve a whole application. {@link #close()} frees the models' native memory; do not
 * call it while other threads still use the engine.
 */
public final class FaceEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaceEngine.class);
  private static final String SPOOF_MODEL = AnalyzeOptions.DEFAULT_MODELS.get(FaceAttribute.SPOOF);

  private final BackendRegistry registry;
  private final ModelRepository models;
  private final ImageDecoder decoder;
  private final ThresholdTable thresholds;
  private final BackendContext context;
  private final Map<String, Lazy<Component>> components = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private FaceEngine(Builder b) {
    this.registry = b.registry != null ? b.registry : BackendRegistry.load();
    this.models = b.models != null ? b.models : ModelRepository.fromEnvironment();
    this.decoder = new ImageDecoder(b.limits);
    this.thresholds = b.thresholds;
    this.context = new BackendContext(models, b.intraOpThreads);
  }

  /** An engine with the backends on the classpath and the model repository from the environment. */
  public static FaceEngine create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public BackendRegistry registry() {
    return registry;
  }

  public ModelRepository models() {
    return models;
  }

  public ThresholdTable thresholds() {
    return thresholds;
  }

  /** Decodes an input within this engine's {@link ImageLimits}. */
  public RgbImage decode(ImageInput input) {
    return decoder.decode(input);
  }

  public FaceDetector detector(String name) {
    return component(ComponentKind.DETECTOR, name, FaceDetector.class);
  }

  public FaceEmbedder embedder(String name) {
    return component(ComponentKind.EMBEDDER, name, FaceEmbedder.class);
  }

  public AttributeModel attributeModel(String name) {
    return component(ComponentKind.ATTRIBUTE, name, AttributeModel.class);
  }

  private <T extends Component> T component(ComponentKind kind, String name, Class<T> type) {
    if (closed) {
      throw new IllegalStateException("this FaceEngine is closed");
    }
    Lazy<Component> lazy = components.computeIfAbsent(kind + ":" + name, k -> new Lazy<>(() -> {
      DeepFaceBackend backend = registry.select(kind, name);
      long start = System.nanoTime();
      Component c = switch (kind) {
        case DETECTOR -> backend.createDetector(name, context);
        case EMBEDDER -> backend.createEmbedder(name, context);
        case ATTRIBUTE -> backend.createAttributeModel(name, context);
      };
      LOG.debug("Loaded {} {} from backend {} in {} ms", kind, name, backend.name(), (System.nanoTime() - start) / 1_000_000);
      return c;
    }));
    return type.cast(lazy.get());
  }

  /**
   * Faces in {@code image} after the options' confidence, face-count and expansion rules; the whole
   * image (confidence 0) when none is found and detection is not enforced.
   *
   * @param what names the image in the {@link FaceNotDetectedException}
   */
  public List<DetectedFace> detectFaces(RgbImage image, String what, FaceOptions options) {
    FaceDetector detector = detector(options.detector());
    double minConfidence = Double.isNaN(options.minConfidence()) ? detector.defaultConfidence() : options.minConfidence();
    List<DetectedFace> faces = new ArrayList<>(detector.detect(image, minConfidence));
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
        throw new FaceNotDetectedException(what, options.detector(), minConfidence);
      }
      out.add(new DetectedFace(new FaceBox(0, 0, image.width(), image.height()), 0, null));
    }
    return out;
  }

  /** Aligned face crops of {@code options.faceSize()} pixels square, one per face. */
  public List<ExtractedFace> extractFaces(ImageInput input, FaceOptions options) {
    RgbImage image = decode(input);
    AlignmentSpec spec = scaled(AlignmentSpec.ARCFACE_112, options.faceSize());
    List<ExtractedFace> out = new ArrayList<>();
    for (DetectedFace f : detectFaces(image, input.description(), options)) {
      out.add(new ExtractedFace(FaceAligner.crop(image, f, spec, options.alignment()), FacialArea.of(f), f.confidence()));
    }
    return out;
  }

  static AlignmentSpec scaled(AlignmentSpec spec, int size) {
    double sx = (double) size / spec.width();
    double sy = (double) size / spec.height();
    // Template points are pixel centres: scale about the top-left corner of the first pixel.
    return new AlignmentSpec(size, size, spec.template().stream()
        .map(p -> new Point((p.x() + 0.5) * sx - 0.5, (p.y() + 0.5) * sy - 0.5)).toList());
  }

  /** One embedding per face in the input. */
  public List<Representation> represent(ImageInput input, FaceOptions options) {
    return represent(decode(input), input.description(), options);
  }

  /** One embedding per face in an already decoded image. */
  public List<Representation> represent(RgbImage image, String what, FaceOptions options) {
    return embedPrepared(List.of(prepareFaces(image, what, options)), options).get(0);
  }

  /**
   * The first half of {@link #represent}: the faces of one image, detected and aligned for the options'
   * embedder. With {@link #embedPrepared} a caller can send the faces of many images to the model in shared
   * batches (as gallery indexing does).
   */
  public PreparedFaces prepareFaces(RgbImage image, String what, FaceOptions options) {
    FaceEmbedder embedder = embedder(options.model());
    List<DetectedFace> faces = detectFaces(image, what, options);
    if (options.antiSpoofing()) {
      checkSpoofing(image, what, faces);
    }
    List<RgbImage> crops = new ArrayList<>(faces.size());
    for (DetectedFace f : faces) {
      crops.add(FaceAligner.crop(image, f, embedder.alignment(), options.alignment()));
    }
    return new PreparedFaces(faces, crops);
  }

  /**
   * The second half of {@link #represent}: embeds the faces of several prepared images in one call to the
   * embedder (which batches as its model allows) and returns one list of representations per image, in order.
   */
  public List<List<Representation>> embedPrepared(List<PreparedFaces> images, FaceOptions options) {
    FaceEmbedder embedder = embedder(options.model());
    List<RgbImage> crops = new ArrayList<>();
    for (PreparedFaces p : images) {
      crops.addAll(p.crops());
      if (options.flip()) {
        for (RgbImage c : p.crops()) {
          crops.add(c.mirrored());
        }
      }
    }
    float[][] vectors = crops.isEmpty() ? new float[0][] : embedder.embed(crops);
    List<List<Representation>> out = new ArrayList<>(images.size());
    int at = 0;
    for (PreparedFaces p : images) {
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
      out.add(reps);
    }
    return out;
  }

  /**
   * DeepFace's {@code analyze}: the attributes {@code analysis} asks for, for every face in the input. Only
   * the models of those actions are loaded (once, shared) and run.
   *
   * @throws io.deepface.analysis.AttributeNotAvailableException for an action without a model (race, for
   *     now), before anything else runs
   * @throws SpoofDetectedException when {@code options.antiSpoofing()} is on and a face is fake
   */
  public List<FaceAnalysis> analyze(ImageInput input, AnalyzeOptions analysis, FaceOptions options) {
    return analyze(decode(input), input.description(), analysis, options);
  }

  /** {@link #analyze(ImageInput, AnalyzeOptions, FaceOptions)} on an already decoded image named {@code what}. */
  public List<FaceAnalysis> analyze(RgbImage image, String what, AnalyzeOptions analysis, FaceOptions options) {
    Map<String, List<FaceAttribute>> byModel = new LinkedHashMap<>();
    for (FaceAttribute action : analysis.actions()) {
      byModel.computeIfAbsent(analysis.modelFor(action), k -> new ArrayList<>()).add(action);
    }
    Map<AttributeModel, List<FaceAttribute>> models = new LinkedHashMap<>();
    for (Map.Entry<String, List<FaceAttribute>> e : byModel.entrySet()) {
      AttributeModel m = attributeModel(e.getKey());
      if (!m.attributes().containsAll(e.getValue())) {
        throw new DeepFaceException("attribute model " + e.getKey() + " reports " + m.attributes() + ", not "
            + e.getValue());
      }
      models.put(m, e.getValue());
    }
    List<DetectedFace> faces = detectFaces(image, what, options);
    List<AntiSpoof> spoof = options.antiSpoofing() ? checkSpoofing(image, what, faces) : null;
    boolean reuseSpoof = spoof != null && SPOOF_MODEL.equals(analysis.models().get(FaceAttribute.SPOOF));
    List<FaceAnalysis> out = new ArrayList<>(faces.size());
    for (int i = 0; i < faces.size(); i++) {
      DetectedFace face = faces.get(i);
      Map<FaceAttribute, AttributeValue> values = new EnumMap<>(FaceAttribute.class);
      if (reuseSpoof && analysis.actions().contains(FaceAttribute.SPOOF)) {
        values.put(FaceAttribute.SPOOF, spoof.get(i));
      }
      for (Map.Entry<AttributeModel, List<FaceAttribute>> e : models.entrySet()) {
        if (values.keySet().containsAll(e.getValue())) {
          continue;
        }
        for (AttributeValue v : e.getKey().predict(image, face)) {
          if (e.getValue().contains(v.attribute())) {
            values.put(v.attribute(), v);
          }
        }
      }
      if (!values.keySet().containsAll(analysis.actions())) {
        throw new IllegalStateException("attribute models returned " + values.keySet() + " for " + analysis.actions());
      }
      out.add(new FaceAnalysis(FacialArea.of(face), face.confidence(), values));
    }
    return out;
  }

  /**
   * Runs the anti-spoofing model on every face; raises {@link SpoofDetectedException} for the first fake one.
   * Returns the results, one per face, when all are real.
   */
  private List<AntiSpoof> checkSpoofing(RgbImage image, String what, List<DetectedFace> faces) {
    AttributeModel model = attributeModel(SPOOF_MODEL);
    List<AntiSpoof> out = new ArrayList<>(faces.size());
    for (DetectedFace f : faces) {
      AntiSpoof result = model.predict(image, f).stream().filter(AntiSpoof.class::isInstance).map(AntiSpoof.class::cast)
          .findFirst().orElseThrow(() -> new IllegalStateException(SPOOF_MODEL + " returned no anti-spoofing result"));
      if (!result.isReal()) {
        LOG.debug("Spoof detected in {}: real probability {}", what, result.realProbability());
        throw new SpoofDetectedException(what, FacialArea.of(f), result.realProbability());
      }
      out.add(result);
    }
    return out;
  }

  /**
   * Compares every face of {@code img1} with every face of {@code img2} and reports the closest pair, as
   * DeepFace's {@code verify} does.
   */
  public VerifyResult verify(ImageInput img1, ImageInput img2, FaceOptions options) {
    long start = System.nanoTime();
    // Unknown component names fail first, with the list of what exists.
    embedder(options.model());
    detector(options.detector());
    ThresholdTable.Entry calibration = calibration(options);
    List<Representation> a = represent(img1, options);
    List<Representation> b = represent(img2, options);
    Representation bestA = null;
    Representation bestB = null;
    double best = Double.POSITIVE_INFINITY;
    for (Representation ra : a) {
      for (Representation rb : b) {
        double d = options.metric().distance(ra.embedding(), rb.embedding());
        if (d < best) {
          best = d;
          bestA = ra;
          bestB = rb;
        }
      }
    }
    return result(best, calibration, options, Objects.requireNonNull(bestA).facialArea(), bestB.facialArea(), start);
  }

  /** Verification of two precomputed embeddings (from {@link #represent} with the same options). */
  public VerifyResult verify(float[] embedding1, float[] embedding2, FaceOptions options) {
    long start = System.nanoTime();
    ThresholdTable.Entry calibration = calibration(options);
    return result(options.metric().distance(embedding1, embedding2), calibration, options, null, null, start);
  }

  /**
   * Searches the gallery folder {@code galleryDir} for the faces of {@code img}, as DeepFace's {@code find}:
   * one list per face of the query image, each the gallery faces within the threshold, closest first. The
   * folder's representation cache is created or brought up to date first (unless
   * {@link FindOptions#refresh()} is off). For repeated searches of one folder, keep a {@link Gallery} open
   * instead: it keeps the index in memory between searches.
   */
  public List<List<FindMatch>> find(ImageInput img, Path galleryDir, FindOptions options) {
    try (Gallery gallery = Gallery.open(this, galleryDir, options)) {
      return gallery.find(img);
    }
  }

  private VerifyResult result(double distance, ThresholdTable.Entry cal, FaceOptions o, FacialArea a, FacialArea b,
      long start) {
    double threshold = Double.isNaN(o.threshold()) ? cal.threshold() : o.threshold();
    double confidence = Calibration.confidence(distance, threshold, cal.scale());
    return new VerifyResult(distance <= threshold, distance, threshold, confidence, o.model(),
        a == null ? null : o.detector(), o.metric(), o.alignment(), a, b, (System.nanoTime() - start) / 1e9);
  }

  /**
   * The calibrated threshold and confidence slope for the options' embedder, metric, alignment and flip.
   * Without a calibration, a caller-given threshold is used with a slope that spans the threshold.
   *
   * @throws IllegalArgumentException when the setting has no calibration and no threshold is given
   */
  public ThresholdTable.Entry calibration(FaceOptions o) {
    return thresholds.find(o.model(), o.metric(), o.alignment(), o.flip()).orElseGet(() -> {
      if (Double.isNaN(o.threshold())) {
        throw new IllegalArgumentException("No calibrated threshold for model " + o.model() + " with metric "
            + o.metric().deepFaceName() + ", alignment " + o.alignment() + ", flip " + o.flip()
            + "; pass one with FaceOptions.threshold(...). Calibrated settings: " + thresholds.entries().stream()
                .map(e -> e.embedder() + "/" + e.metric().deepFaceName() + "/" + e.alignment() + (e.flip() ? "/flip" : ""))
                .toList());
      }
      // No measured slope: make confidence go from about 99 at distance 0 to 50 at the threshold.
      double scale = o.threshold() > 0 ? 4.6 / o.threshold() : 1;
      return new ThresholdTable.Entry(o.model(), o.metric(), o.alignment(), o.flip(), o.threshold(), scale,
          Double.NaN, Double.NaN);
    });
  }

  /** Closes every loaded component. Not to be called while other threads use the engine. */
  @Override
  public void close() {
    closed = true;
    for (Lazy<Component> lazy : components.values()) {
      Component c = lazy.getIfCreated();
      if (c != null) {
        try {
          c.close();
        } catch (RuntimeException e) {
          LOG.warn("Closing {} failed: {}", c.info().name(), e.toString());
        }
      }
    }
    components.clear();
  }

  /** Creates its value once, on first {@link #get()}; a failed creation is retried on the next call. */
  private static final class Lazy<T> {
    private final Supplier<T> factory;
    private volatile T value;

    Lazy(Supplier<T> factory) {
      this.factory = factory;
    }

    T get() {
      T v = value;
      if (v == null) {
        synchronized (this) {
          v = value;
          if (v == null) {
            v = factory.get();
            value = v;
          }
        }
      }
      return v;
    }

    T getIfCreated() {
      return value;
    }
  }

  /** Settings of a {@link FaceEngine}. */
  public static final class Builder {
    private BackendRegistry registry;
    private ModelRepository models;
    private ImageLimits limits = ImageLimits.defaults();
    private ThresholdTable thresholds = ThresholdTable.builtin();
    private int intraOpThreads;

    private Builder() {}

    /** The backends to use (default: those on the classpath, {@link BackendRegistry#load()}). */
    public Builder registry(BackendRegistry registry) {
      this.registry = registry;
      return this;
    }

    /** Where models come from (default: {@link ModelRepository#fromEnvironment()}). */
    public Builder models(ModelRepository models) {
      this.models = models;
      return this;
    }

    public Builder imageLimits(ImageLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    public Builder thresholds(ThresholdTable thresholds) {
      this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
      return this;
    }

    /** Threads one model inference may use; 0 (default) lets the runtime decide. */
    public Builder intraOpThreads(int threads) {
      this.intraOpThreads = threads;
      return this;
    }

    public FaceEngine build() {
      return new FaceEngine(this);
    }
  }
}
