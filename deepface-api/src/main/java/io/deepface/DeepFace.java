package io.deepface;

import io.deepface.analysis.FaceAttribute;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.find.FaceMatch;
import io.deepface.find.FindMatch;
import io.deepface.find.Registration;
import io.deepface.find.FindOptions;
import io.deepface.image.ImageInput;
import io.deepface.spi.BackendRegistry;
import io.deepface.spi.ComponentInfo;
import io.deepface.stream.FaceStream;
import io.deepface.stream.StreamListener;
import io.deepface.stream.StreamOptions;
import io.deepface.stream.VideoSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Entry point, after Python DeepFace: {@code verify}, {@code represent}, {@code find}, {@code extractFaces},
 * {@code analyze} and {@code components}, each with DeepFace's defaults or with {@link FaceOptions}.
 *
 * <pre>{@code
 * VerifyResult r = DeepFace.verify(Path.of("a.jpg"), Path.of("b.jpg"));
 * VerifyResult s = DeepFace.verify(ImageInput.of(bytes1), ImageInput.of(bytes2),
 *     FaceOptions.builder().model("mobilefacenet-128").metric(DistanceMetric.EUCLIDEAN_L2).build());
 * }</pre>
 *
 * <p>The static methods share one {@link FaceEngine}, created on first use with the backends on the
 * classpath and the model repository configured from the environment; models load once and are shared by
 * every thread. Applications that want their own configuration build a {@link FaceEngine} instead.
 */
public final class DeepFace {
  private static volatile FaceEngine engine;
  private static volatile FaceDatabase database;

  private DeepFace() {}

  /** The shared engine behind the static methods. */
  public static FaceEngine engine() {
    FaceEngine e = engine;
    if (e == null) {
      synchronized (DeepFace.class) {
        e = engine;
        if (e == null) {
          e = FaceEngine.create();
          engine = e;
        }
      }
    }
    return e;
  }

  /** The backends on the classpath, discovered once. */
  public static BackendRegistry registry() {
    return engine().registry();
  }

  /** Every component of every available backend (also those a higher-ranked backend shadows). */
  public static List<ComponentInfo> components() {
    return registry().components();
  }

  public static VerifyResult verify(Path img1, Path img2) {
    return verify(ImageInput.of(img1), ImageInput.of(img2), FaceOptions.defaults());
  }

  public static VerifyResult verify(ImageInput img1, ImageInput img2) {
    return verify(img1, img2, FaceOptions.defaults());
  }

  public static VerifyResult verify(ImageInput img1, ImageInput img2, FaceOptions options) {
    return engine().verify(img1, img2, options);
  }

  /** Verification of two embeddings computed earlier with the same options. */
  public static VerifyResult verify(float[] embedding1, float[] embedding2, FaceOptions options) {
    return engine().verify(embedding1, embedding2, options);
  }

  public static List<Representation> represent(Path img) {
    return represent(ImageInput.of(img), FaceOptions.defaults());
  }

  public static List<Representation> represent(ImageInput img, FaceOptions options) {
    return engine().represent(img, options);
  }

  /**
   * Searches the gallery folder for the faces of {@code img} with the default options: one list per query
   * face of the gallery faces within the calibrated threshold, closest first. The folder's representation
   * cache is created or brought up to date first. See {@link io.deepface.find.Gallery}.
   */
  public static List<List<FindMatch>> find(Path img, Path galleryDir) {
    return find(ImageInput.of(img), galleryDir, FindOptions.defaults());
  }

  public static List<List<FindMatch>> find(ImageInput img, Path galleryDir, FindOptions options) {
    return engine().find(img, galleryDir, options);
  }

  /**
   * Uses {@code db} for {@link #register} and {@link #search} from now on (the previous one is not closed). Servers
   * that share one store each configure a database over it.
   */
  public static void useDatabase(FaceDatabase db) {
    database = java.util.Objects.requireNonNull(db, "db");
  }

  /**
   * The face database behind {@link #register} and {@link #search}: the one given to {@link #useDatabase}, else one
   * opened on first use over the store the environment names ({@code DEEPFACE_STORE}, default {@code exact} in
   * memory; {@code DEEPFACE_STORE_URL}; see {@link FaceDatabase#fromEnvironment}) with the default options.
   */
  public static FaceDatabase database() {
    FaceDatabase d = database;
    if (d == null) {
      synchronized (DeepFace.class) {
        d = database;
        if (d == null) {
          d = FaceDatabase.fromEnvironment(engine(), FaceDatabaseOptions.defaults());
          database = d;
        }
      }
    }
    return d;
  }

  /** Registers the faces of {@code img} under {@code name} in the {@link #database()}. */
  public static Registration register(Path img, String name) {
    return database().register(ImageInput.of(img), name);
  }

  public static Registration register(ImageInput img, String name, Map<String, String> metadata) {
    return database().register(img, name, metadata);
  }

  /**
   * Searches the {@link #database()} for every face of {@code img}: one list per query face of the registered faces
   * within the threshold, closest first.
   */
  public static List<List<FaceMatch>> search(Path img) {
    FaceDatabase db = database();
    return db.search(ImageInput.of(img));
  }

  /**
   * As {@link #search(Path)} with face options: refused with a {@link io.deepface.find.StoreMismatchException}
   * when they make other embeddings than the stored ones (model, detector, alignment, normalisation, metric).
   */
  public static List<List<FaceMatch>> search(ImageInput img, FaceOptions options) {
    FaceDatabase db = database();
    return db.search(img, options, db.options().topK());
  }

  public static List<ExtractedFace> extractFaces(Path img) {
    return extractFaces(ImageInput.of(img), FaceOptions.defaults());
  }

  public static List<ExtractedFace> extractFaces(ImageInput img, FaceOptions options) {
    return engine().extractFaces(img, options);
  }

  /** Age, gender and emotion of every face ({@link AnalyzeOptions#defaults()}). */
  public static List<FaceAnalysis> analyze(Path img) {
    return analyze(ImageInput.of(img), AnalyzeOptions.defaults(), FaceOptions.defaults());
  }

  /** The given actions for every face, for example {@code analyze(img, FaceAttribute.AGE, FaceAttribute.POSE)}. */
  public static List<FaceAnalysis> analyze(ImageInput img, FaceAttribute... actions) {
    return analyze(img, AnalyzeOptions.of(actions), FaceOptions.defaults());
  }

  public static List<FaceAnalysis> analyze(ImageInput img, AnalyzeOptions analysis, FaceOptions options) {
    return engine().analyze(img, analysis, options);
  }

  /**
   * DeepFace's {@code stream}: the faces of a video, tracked, recognised and analysed, one result per frame. The
   * returned stream owns {@code source}; close it (or use try-with-resources). See {@link FaceStream}.
   */
  public static FaceStream stream(VideoSource source, StreamOptions options) {
    return FaceStream.open(engine(), source, options);
  }

  /** {@link #stream(VideoSource, StreamOptions)} on a thread of its own, every frame's result to {@code listener}. */
  public static FaceStream.Running stream(VideoSource source, StreamOptions options, StreamListener listener) {
    return FaceStream.start(engine(), source, options, listener);
  }
}
