package io.deepface.find;

import io.deepface.FaceOptions;
import io.deepface.align.AlignmentMode;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.ThresholdProfile;
import java.util.Map;
import java.util.Objects;

/**
 * Options of a gallery search ({@link Gallery}, {@code FaceEngine.find}, {@code DeepFace.find}). Immutable;
 * build with {@link #builder()}, change with {@link #toBuilder()}, or start from {@link #defaults()}. Construction
 * goes through the builder only, so a new option never breaks a caller.
 */
public final class FindOptions {

  public static final String AUTO = "auto";
  public static final int DEFAULT_APPROXIMATE_ABOVE = 100_000;
  private static final FindOptions DEFAULTS = new Builder().build();

  private final FaceOptions face;
  private final int topK;
  private final boolean refresh;
  private final String store;
  private final int approximateAbove;
  private final Map<String, String> storeProperties;
  private final int threads;
  private final int batchSize;
  private final IndexListener listener;

  private FindOptions(Builder b) {
    this.face = Objects.requireNonNull(b.face, "face").build();
    this.topK = b.topK;
    this.refresh = b.refresh;
    this.store = Objects.requireNonNull(b.store, "store");
    this.approximateAbove = b.approximateAbove;
    this.storeProperties = Map.copyOf(b.storeProperties);
    this.threads = b.threads;
    this.batchSize = b.batchSize;
    this.listener = Objects.requireNonNull(b.listener, "listener");
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0 (0 for no limit), got " + topK);
    }
    if (approximateAbove < 1) {
      throw new IllegalArgumentException("approximateAbove must be positive, got " + approximateAbove);
    }
    if (threads < 1 || batchSize < 1) {
      throw new IllegalArgumentException("threads and batchSize must be positive, got " + threads + " and " + batchSize);
    }
    if (store.isBlank()) {
      throw new IllegalArgumentException("store must not be blank");
    }
  }

  /**
   * Detection, alignment, embedding and threshold options, used for the gallery and the query alike (the model,
   * detector, alignment, flip, expansion, minimum confidence, face limit, enforceDetection and anti-spoofing name
   * the representation cache; the metric and threshold only affect searching).
   */
  public FaceOptions face() {
    return face;
  }

  /**
   * At most this many matches per query face, closest first; 0 (default) for every match within the threshold
   * (an approximate store then returns at most its candidate count).
   */
  public int topK() {
    return topK;
  }

  /**
   * True (default): bring the cache up to date with the folder on every search (new, removed and modified
   * images); false: use the cache as it is once it exists.
   */
  public boolean refresh() {
    return refresh;
  }

  /**
   * {@code auto} (default: {@code exact} below {@link #approximateAbove()} faces, {@code hnsw} from there),
   * {@code exact}, {@code hnsw}, or the name of any other {@link VectorStoreProvider}.
   */
  public String store() {
    return store;
  }

  /** Face count from which {@code auto} switches to {@code hnsw} (default 100 000). */
  public int approximateAbove() {
    return approximateAbove;
  }

  /** Properties for the store (see {@link HnswVectorStore} for {@code hnsw}'s). */
  public Map<String, String> storeProperties() {
    return storeProperties;
  }

  /** Threads that read, decode, detect and embed gallery images while indexing (default: the cores). */
  public int threads() {
    return threads;
  }

  /**
   * Images processed per batch while indexing, shared among the threads; each thread's share goes to the
   * embedder in one call (default 32).
   */
  public int batchSize() {
    return batchSize;
  }

  /** Receives indexing progress (default: none). */
  public IndexListener listener() {
    return listener;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FindOptions f && face.equals(f.face) && topK == f.topK && refresh == f.refresh
        && store.equals(f.store) && approximateAbove == f.approximateAbove && storeProperties.equals(f.storeProperties)
        && threads == f.threads && batchSize == f.batchSize && listener.equals(f.listener);
  }

  @Override
  public int hashCode() {
    return Objects.hash(face, topK, refresh, store, approximateAbove, storeProperties, threads, batchSize, listener);
  }

  @Override
  public String toString() {
    return "FindOptions[face=" + face + ", topK=" + topK + ", refresh=" + refresh + ", store=" + store
        + ", approximateAbove=" + approximateAbove + ", storeProperties=" + storeProperties + ", threads=" + threads
        + ", batchSize=" + batchSize + ", listener=" + listener + "]";
  }

  public static FindOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builder of {@link FindOptions}; every setter returns the builder. */
  public static final class Builder {
    private FaceOptions.Builder face = FaceOptions.builder();
    private int topK;
    private boolean refresh = true;
    private String store = AUTO;
    private int approximateAbove = DEFAULT_APPROXIMATE_ABOVE;
    private Map<String, String> storeProperties = Map.of();
    private int threads = Runtime.getRuntime().availableProcessors();
    private int batchSize = 32;
    private IndexListener listener = IndexListener.NONE;

    private Builder() {}

    private Builder(FindOptions o) {
      face = o.face.toBuilder();
      topK = o.topK;
      refresh = o.refresh;
      store = o.store;
      approximateAbove = o.approximateAbove;
      storeProperties = o.storeProperties;
      threads = o.threads;
      batchSize = o.batchSize;
      listener = o.listener;
    }

    /** Replaces every face option (model, detector, metric, threshold...) at once. */
    public Builder face(FaceOptions options) {
      this.face = options.toBuilder();
      return this;
    }

    public Builder model(String model) {
      face.model(model);
      return this;
    }

    public Builder detector(String detector) {
      face.detector(detector);
      return this;
    }

    public Builder metric(DistanceMetric metric) {
      face.metric(metric);
      return this;
    }

    public Builder alignment(AlignmentMode alignment) {
      face.alignment(alignment);
      return this;
    }

    /** Overrides the calibrated threshold. */
    public Builder threshold(double threshold) {
      face.threshold(threshold);
      return this;
    }

    /** Back to the calibrated threshold. */
    public Builder calibratedThreshold() {
      face.calibratedThreshold();
      return this;
    }

    /** Thresholds calibrated on your own faces ({@link FaceOptions.Builder#thresholdProfile(ThresholdProfile)}). */
    public Builder thresholdProfile(ThresholdProfile profile) {
      face.thresholdProfile(profile);
      return this;
    }

    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    public Builder refresh(boolean refresh) {
      this.refresh = refresh;
      return this;
    }

    public Builder store(String store) {
      this.store = store;
      return this;
    }

    public Builder approximateAbove(int faces) {
      this.approximateAbove = faces;
      return this;
    }

    public Builder storeProperties(Map<String, String> properties) {
      this.storeProperties = properties;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder listener(IndexListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException for a value out of range (the message names it)
     */
    public FindOptions build() {
      return new FindOptions(this);
    }
  }
}
