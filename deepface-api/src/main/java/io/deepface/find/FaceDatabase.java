package io.deepface.find;

import io.deepface.DeepFaceException;
import io.deepface.FaceNotDetectedException;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.RepresentedImage;
import io.deepface.image.ImageInput;
import io.deepface.image.InvalidImageException;
import io.deepface.image.RgbImage;
import io.deepface.internal.Sha256;
import io.deepface.verify.Calibration;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.ThresholdTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A face database after DeepFace's {@code register} and {@code search}: faces are registered under a name into a
 * store, and any image can then be searched against every registered face. The store may live in this process
 * ({@code exact}, {@code hnsw}) or on a server that several processes share ({@code postgres}, {@code solr}: add
 * the store's jar), so that servers behind a load balancer see one set of identities; it is found by name through
 * {@link VectorStores}.
 *
 * <pre>{@code
 * try (FaceDatabase db = FaceDatabase.open(engine, "postgres",
 *     Map.of("url", "jdbc:postgresql://db:5432/faces?user=deepface"), FaceDatabaseOptions.defaults())) {
 *   db.register(ImageInput.of(Path.of("alice.jpg")), "alice");
 *   List<List<FaceMatch>> matches = db.search(ImageInput.of(Path.of("query.jpg")));
 * }
 * }</pre>
 *
 * <p>Every embedding is stored with the key of the settings that made it (model, detector, alignment, flip,
 * expansion, minimum confidence, face limit, enforceDetection, anti-spoofing, the backends, the metric and the
 * dimension): opening a store that holds another key, or searching with other face options than the database's, is
 * refused with a {@link StoreMismatchException} that names both, never silently mixed. Vectors are stored unit length
 * for the cosine and euclidean_l2 metrics, raw for euclidean.
 *
 * <p>Ids are {@code <SHA-256 of the image>#<face index>}: registering an image again replaces its faces (and their
 * name), so a rerun of a batch duplicates nothing. Searches are exact unless the store is configured to search
 * approximately (an index, over-fetched and re-ranked by exact distance).
 *
 * <p>Thread-safe when the store is (every store of this library is): any number of threads may register, search
 * and delete at once.
 */
public final class FaceDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaceDatabase.class);
  /** The store property naming the folder of a persistent in-process store ({@code exact}, {@code hnsw}). */
  public static final String DIRECTORY_PROPERTY = "directory";
  /** The store property holding the settings key, passed to stores that check it when they open. */
  public static final String KEY_PROPERTY = "deepface.key";
  private static final int MAX_NAME = 1000;

  private final FaceRepresenter engine;
  private final FaceRecordStore store;
  private final FaceDatabaseOptions options;
  private final FaceOptions face;
  private final String key;
  private final boolean ownsStore;

  private FaceDatabase(FaceRepresenter engine, FaceRecordStore store, FaceDatabaseOptions options, String key,
      boolean ownsStore) {
    this.engine = engine;
    this.store = store;
    this.options = options;
    this.face = options.face();
    this.key = key;
    this.ownsStore = ownsStore;
  }

  /**
   * A database over {@code store}, which the caller opened and closes. A plain {@link VectorStore} must be empty: its
   * face records are then kept in memory beside it. A {@link FaceRecordStore} may hold faces registered earlier, by
   * this process or another, with the same settings.
   *
   * @throws StoreMismatchException the store holds embeddings of other settings or another dimension
   */
  public static FaceDatabase open(FaceRepresenter engine, VectorStore store, FaceDatabaseOptions options) {
    return open(engine, store, options, false);
  }

  /**
   * A database over the store {@link VectorStores} finds under {@code storeName}, opened with {@code properties}
   * (for {@code postgres}: {@code url}, {@code table}; for {@code solr}: {@code url}, {@code collection}; for
   * {@code exact} and {@code hnsw}: an optional {@value #DIRECTORY_PROPERTY}); the database closes it.
   *
   * @throws FindException no such store, or it cannot be opened (the message names the store and its address)
   * @throws StoreMismatchException the store holds embeddings of other settings or another dimension
   */
  public static FaceDatabase open(FaceRepresenter engine, String storeName, Map<String, String> properties,
      FaceDatabaseOptions options) {
    Objects.requireNonNull(engine, "engine");
    FaceOptions f = options.face();
    int dimension = engine.dimension(f);
    Map<String, String> props = new HashMap<>(properties);
    props.put(KEY_PROPERTY, key(engine, f, dimension));
    String dir = props.get(DIRECTORY_PROPERTY);
    VectorStore store = VectorStores.open(storeName,
        new VectorStoreConfig(dimension, f.metric(), dir == null || dir.isBlank() ? null : Path.of(dir), props));
    try {
      return open(engine, store, options, true);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * A database over the store the environment names: system property {@code deepface.store} or variable
   * {@code DEEPFACE_STORE} (default {@code exact}, in memory), and property {@code deepface.store.url} or variable
   * {@code DEEPFACE_STORE_URL} for its address ({@code url}).
   */
  public static FaceDatabase fromEnvironment(FaceRepresenter engine, FaceDatabaseOptions options) {
    String name = setting("deepface.store", "DEEPFACE_STORE");
    String url = setting("deepface.store.url", "DEEPFACE_STORE_URL");
    Map<String, String> props = new HashMap<>();
    if (url != null) {
      props.put("url", url);
    }
    return open(engine, name == null ? VectorStores.EXACT : name, props, options);
  }

  private static String setting(String property, String variable) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(variable);
    }
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static FaceDatabase open(FaceRepresenter engine, VectorStore store, FaceDatabaseOptions options,
      boolean owns) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(options, "options");
    FaceOptions f = options.face();
    int dimension = engine.dimension(f);
    String key = key(engine, f, dimension);
    FaceRecordStore records;
    if (store instanceof FaceRecordStore r) {
      records = r;
    } else {
      if (store.size() > 0) {
        throw new FindException("The " + store.name() + " store holds " + store.size() + " vectors without face records; "
            + "a face database over an in-process store starts empty");
      }
      records = new RecordedVectorStore(store);
    }
    if (store.dimension() != dimension || store.metric() != f.metric()) {
      throw new StoreMismatchException("The " + store.name() + " store", store.dimension() + "-d vectors for metric "
          + store.metric().deepFaceName(), dimension + "-d vectors for metric " + f.metric().deepFaceName()
          + " (model " + f.model() + ")");
    }
    Optional<String> stored = records.tag();
    if (stored.isEmpty()) {
      records.commit(key);
      stored = records.tag();
    }
    if (stored.isPresent() && !stored.get().equals(key)) {
      throw new StoreMismatchException("The " + store.name() + " store", stored.get(), key);
    }
    return new FaceDatabase(engine, records, options, key, owns);
  }

  /**
   * The settings key stored with every embedding: the face options that change the vectors, the backends that ran
   * the detector and embedder, the metric and the dimension.
   */
  public static String key(FaceRepresenter engine, FaceOptions face, int dimension) {
    return GalleryCache.key(face, engine.provenance(face)) + ";metric=" + face.metric().deepFaceName()
        + ";dimension=" + dimension;
  }

  /** This database's settings key (see {@link #key(FaceRepresenter, FaceOptions, int)}). */
  public String key() {
    return key;
  }

  public FaceDatabaseOptions options() {
    return options;
  }

  /** The store's provider name ({@code exact}, {@code postgres}...). */
  public String storeName() {
    return store.name();
  }

  /** Number of registered faces. */
  public int count() {
    return store.size();
  }

  /** Registers the faces of {@code image} under {@code name}; see {@link #register(ImageInput, String, Map)}. */
  public Registration register(ImageInput image, String name) {
    return register(image, name, Map.of());
  }

  /**
   * Registers the faces of {@code image} (every face, or the largest, as {@link FaceDatabaseOptions#faces()} says)
   * under {@code name}, with {@code metadata} stored beside each face, in one transaction of the store. An image
   * already stored under this name and metadata is not embedded again ({@link Registration#unchanged()}); one stored
   * under another name or metadata is registered again and takes the new ones (to change which faces of a stored
   * image are kept, delete it first).
   *
   * @throws FaceNotDetectedException no face in the image (with detection enforced)
   * @throws io.deepface.image.InvalidImageException the image cannot be read or decoded
   * @throws FindException the store failed
   */
  public Registration register(ImageInput image, String name, Map<String, String> metadata) {
    checkName(name);
    Enrolment e = new Enrolment(image, name, metadata);
    Hashed h = hash(image);
    Registration same = unchanged(e, h);
    if (same != null) {
      return same;
    }
    RepresentedImage r = engine.represent(List.of(h.input()), face).get(0);
    return store(e, h, r.facesOrThrow());
  }

  /**
   * Registers faces the caller has already represented (with this database's face options: an embedding service, a
   * batch job) as the faces of the image with SHA-256 {@code imageHash} (hex), under {@code name}; every face, or the
   * largest, as {@link FaceDatabaseOptions#faces()} says. Nothing is embedded.
   *
   * @throws FindException no face given, or the store failed
   */
  public Registration register(String imageHash, String name, List<Representation> faces,
      Map<String, String> metadata) {
    checkName(name);
    String hash = Objects.requireNonNull(imageHash, "imageHash").toLowerCase(Locale.ROOT);
    if (!hash.matches("[0-9a-f]{16,128}")) {
      throw new IllegalArgumentException("imageHash must be 16 to 128 hex digits, got '" + imageHash + "'");
    }
    ImageInput none = ImageInput.of(new byte[0], "image " + hash.substring(0, 12));
    return store(new Enrolment(none, name, metadata), new Hashed(hash, none), faces);
  }

  /**
   * Registers many images, {@link FaceDatabaseOptions#batchSize()} at a time, reporting progress after each chunk.
   * An image that fails (no face, unreadable) is listed and the batch goes on; a store failure stops it, and every
   * image not stored is listed with the store's error. Rerunning the batch stores only what is missing.
   */
  public BatchRegistration registerAll(List<Enrolment> images, BatchRegistration.Listener listener) {
    long start = System.nanoTime();
    int total = images.size();
    Registration[] stored = new Registration[total];
    String[] problems = new String[total];
    String storeFailure = null;
    for (int from = 0; from < total && storeFailure == null; from += options.batchSize()) {
      int to = Math.min(total, from + options.batchSize());
      List<Integer> todo = new ArrayList<>();
      List<Hashed> hashed = new ArrayList<>();
      for (int i = from; i < to; i++) {
        Enrolment e = images.get(i);
        Hashed h;
        try {
          h = hash(e.image());
        } catch (DeepFaceException ex) {
          problems[i] = ex.getMessage();
          continue;
        }
        try {
          stored[i] = unchanged(e, h);
        } catch (RuntimeException ex) {
          storeFailure = storeError(ex);
          break;
        }
        if (stored[i] == null) {
          todo.add(i);
          hashed.add(h);
        }
      }
      if (storeFailure == null && !todo.isEmpty()) {
        List<RepresentedImage> reps = engine.represent(hashed.stream().map(Hashed::input).toList(), face);
        for (int j = 0; j < todo.size(); j++) {
          int i = todo.get(j);
          RepresentedImage r = reps.get(j);
          if (r.failed()) {
            problems[i] = r.error().getMessage();
          } else if (r.faces().isEmpty()) {
            problems[i] = "no face";
          } else {
            try {
              stored[i] = store(images.get(i), hashed.get(j), r.faces());
            } catch (RuntimeException ex) {
              storeFailure = storeError(ex);
              break;
            }
          }
        }
      }
      listener.progress(storeFailure == null ? to : total, total, count(problems) + (storeFailure == null ? 0
          : total - count(stored) - count(problems)));
    }
    List<Registration> done = new ArrayList<>();
    List<BatchRegistration.Failure> failed = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      if (stored[i] != null) {
        done.add(stored[i]);
      } else if (problems[i] != null) {
        failed.add(new BatchRegistration.Failure(i, describe(images.get(i).image()), problems[i]));
      } else {
        failed.add(new BatchRegistration.Failure(i, describe(images.get(i).image()), "not stored: " + storeFailure));
      }
    }
    if (storeFailure != null) {
      LOG.warn("Batch registration stopped: {} of {} images stored; {}", done.size(), total, storeFailure);
    }
    return new BatchRegistration(done, failed, storeFailure, Duration.ofNanos(System.nanoTime() - start));
  }

  private static int count(Object[] a) {
    int n = 0;
    for (Object o : a) {
      if (o != null) {
        n++;
      }
    }
    return n;
  }

  private String storeError(RuntimeException ex) {
    return "the " + store.name() + " store failed: " + ex.getMessage();
  }

  private Registration unchanged(Enrolment e, Hashed h) {
    List<FaceRecord> existing = store.imageFaces(h.hash());
    if (existing.isEmpty()) {
      return null;
    }
    for (FaceRecord r : existing) {
      if (!r.name().equals(e.name()) || !r.metadata().equals(e.metadata())) {
        return null;
      }
    }
    return new Registration(describe(e.image()), e.name(), h.hash(),
        existing.stream().map(FaceRecord::withoutEmbedding).toList(), true);
  }

  private Registration store(Enrolment e, Hashed h, List<Representation> faces) {
    if (faces.isEmpty()) {
      throw new FindException("No face in " + describe(e.image()) + " to register");
    }
    List<Integer> chosen = new ArrayList<>();
    if (options.faces() == FaceDatabaseOptions.Faces.LARGEST) {
      int best = 0;
      for (int i = 1; i < faces.size(); i++) {
        if (area(faces.get(i)) > area(faces.get(best))) {
          best = i;
        }
      }
      chosen.add(best);
    } else {
      for (int i = 0; i < faces.size(); i++) {
        chosen.add(i);
      }
    }
    List<FaceRecord> records = new ArrayList<>();
    for (int i : chosen) {
      Representation r = faces.get(i);
      records.add(new FaceRecord(FaceRecord.idOf(h.hash(), i), e.name(), h.hash(), i, r.facialArea(),
          r.faceConfidence(), e.metadata(), prepare(r.embedding(), "embedding of face " + i)));
    }
    store.putImage(h.hash(), records);
    return new Registration(describe(e.image()), e.name(), h.hash(),
        records.stream().map(FaceRecord::withoutEmbedding).toList(), false);
  }

  private static long area(Representation r) {
    return (long) r.facialArea().w() * r.facialArea().h();
  }

  private float[] prepare(float[] v, String what) {
    return StoredVectors.prepare(v, what, store.dimension(), face.metric() != DistanceMetric.EUCLIDEAN, face.metric(),
        "store");
  }

  /** Searches every face of {@code image} with the database's options: see {@link #search(ImageInput, int, OptionalDouble)}. */
  public List<List<FaceMatch>> search(ImageInput image) {
    return search(image, options.topK(), face.threshold());
  }

  /**
   * Searches the registered faces for every face of {@code image}: one list per query face (in the detector's
   * order) of at most {@code k} registered faces within the threshold, closest first.
   *
   * @param threshold the caller's threshold, or empty for the database options' one (calibrated by default)
   * @throws FaceNotDetectedException no face in the image (with detection enforced)
   * @throws io.deepface.verify.ThresholdNotFoundException no calibrated threshold and none given
   */
  public List<List<FaceMatch>> search(ImageInput image, int k, OptionalDouble threshold) {
    ThresholdTable.Entry t = threshold(threshold);
    List<Representation> faces = engine.represent(List.of(image), face).get(0).facesOrThrow();
    List<List<FaceMatch>> out = new ArrayList<>(faces.size());
    for (Representation r : faces) {
      out.add(search(r.embedding(), r.facialArea(), k, t));
    }
    return out;
  }

  /**
   * As {@link #search(ImageInput, int, OptionalDouble)}, with face options the caller chose: refused unless they
   * make the same embeddings as the stored ones (their threshold is used).
   *
   * @throws StoreMismatchException {@code options} differ from the database's in what changes the embeddings
   */
  public List<List<FaceMatch>> search(ImageInput image, FaceOptions asked, int k) {
    requireSameSettings(asked);
    return search(image, k, asked.threshold());
  }

  /**
   * Refuses face options that make other embeddings than the stored ones.
   *
   * @throws StoreMismatchException they differ in model, detector, alignment, normalisation or metric
   */
  public void requireSameSettings(FaceOptions asked) {
    String askedKey = key(engine, asked, engine.dimension(asked));
    if (!askedKey.equals(key)) {
      throw new StoreMismatchException("This face database (" + store.name() + " store)", key, askedKey);
    }
  }

  /**
   * The registered faces within the threshold of {@code embedding} (made with this database's face options), at most
   * {@code k}, closest first.
   */
  public List<FaceMatch> search(float[] embedding, int k, OptionalDouble threshold) {
    return search(embedding, null, k, threshold(threshold));
  }

  private ThresholdTable.Entry threshold(OptionalDouble threshold) {
    FaceOptions f = threshold.isPresent() ? face.toBuilder().threshold(threshold.getAsDouble()).build() : face;
    return engine.calibration(f);
  }

  private List<FaceMatch> search(float[] embedding, io.deepface.FacialArea source, int k, ThresholdTable.Entry t) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    float[] q = prepare(embedding, "query embedding");
    List<Neighbor> hits = store.search(q, k, t.threshold());
    if (hits.isEmpty()) {
      return List.of();
    }
    Map<String, FaceRecord> byId = new HashMap<>();
    for (FaceRecord r : store.records(hits.stream().map(Neighbor::id).toList())) {
      byId.put(r.id(), r);
    }
    List<FaceMatch> out = new ArrayList<>(hits.size());
    for (Neighbor n : hits) {
      FaceRecord r = byId.get(n.id());
      if (r == null) {
        continue; // Deleted between the search and the lookup.
      }
      out.add(new FaceMatch(r.id(), r.name(), r.imageHash(), r.faceIndex(), r.facialArea(), source, n.distance(),
          t.threshold(), Calibration.confidence(n.distance(), t.threshold(), t.scale()), r.metadata()));
    }
    return out;
  }

  /** Removes every face registered under {@code name}; returns how many were removed. */
  public int delete(String name) {
    checkName(name);
    return store.removeName(name);
  }

  /** Removes the face with id {@code id} ({@code <imageHash>#<faceIndex>}); returns whether it was registered. */
  public boolean deleteFace(String id) {
    Objects.requireNonNull(id, "id");
    return store.removeFace(id);
  }

  /** The registered faces of the image with SHA-256 {@code imageHash} (hex), by face index. */
  public List<FaceRecord> imageFaces(String imageHash) {
    return store.imageFaces(imageHash.toLowerCase(Locale.ROOT)).stream().map(FaceRecord::withoutEmbedding).toList();
  }

  /** Closes the store when this database opened it (by name); a store the caller passed stays open. */
  @Override
  public void close() {
    if (ownsStore) {
      store.close();
    }
  }

  static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException("a face's name must be 1 to " + MAX_NAME + " characters and not blank, got '"
          + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "'");
    }
  }

  /** An image's description: its file name for a file (DeepFace's default {@code img_name}), else its description. */
  static String describe(ImageInput image) {
    if (image instanceof ImageInput.FileInput f) {
      Path n = f.path().getFileName();
      return n == null ? f.path().toString() : n.toString();
    }
    return image.description();
  }

  /** An image with its SHA-256 (hex), and the input to embed (read once, so the bytes hashed are those embedded). */
  record Hashed(String hash, ImageInput input) {}

  static Hashed hash(ImageInput image) {
    try {
      if (image instanceof ImageInput.FileInput f) {
        byte[] bytes = Files.readAllBytes(f.path());
        return new Hashed(Sha256.hex(Sha256.of(bytes)), ImageInput.of(bytes, f.description()));
      } else if (image instanceof ImageInput.BytesInput b) {
        return new Hashed(Sha256.hex(Sha256.of(b.encoded())), image);
      } else if (image instanceof ImageInput.StreamInput s) {
        byte[] bytes;
        try (InputStream in = s.stream()) {
          bytes = in.readAllBytes();
        }
        return new Hashed(Sha256.hex(Sha256.of(bytes)), ImageInput.of(bytes, s.name()));
      } else if (image instanceof ImageInput.Base64Input b) {
        String s = b.base64();
        int comma = s.regionMatches(true, 0, "data:", 0, 5) ? s.indexOf(',') : -1;
        byte[] bytes = Base64.getMimeDecoder().decode(s.substring(comma + 1));
        return new Hashed(Sha256.hex(Sha256.of(bytes)), ImageInput.of(bytes, b.description()));
      } else if (image instanceof ImageInput.BufferedImageInput b) {
        RgbImage rgb = RgbImage.fromBufferedImage(b.image());
        return new Hashed(pixels(rgb), ImageInput.of(rgb, b.description()));
      } else if (image instanceof ImageInput.DecodedInput d) {
        return new Hashed(pixels(d.image()), image);
      }
      throw new IllegalArgumentException("unknown image input " + image);
    } catch (IOException e) {
      throw new InvalidImageException(image.description(), "cannot be read: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InvalidImageException(image.description(), "cannot be decoded: " + e.getMessage(), e);
    }
  }

  private static String pixels(RgbImage rgb) {
    MessageDigest d = Sha256.digest();
    d.update(ByteBuffer.allocate(8).putInt(rgb.width()).putInt(rgb.height()).array());
    d.update(rgb.data());
    return Sha256.hex(d.digest());
  }
}
