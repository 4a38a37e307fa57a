package io.deepface.find;

import io.deepface.FaceOptions;
import io.deepface.align.AlignmentMode;
import io.deepface.verify.DistanceMetric;
import java.util.Map;
import java.util.Objects;

/**
 * Options of a gallery search ({@link Gallery}, {@code FaceEngine.find}, {@code DeepFace.find}). Immutable;
 * build with {@link #builder()} or start from {@link #defaults()}.
 *
 * @param face detection, alignment, embedding and threshold options, used for the gallery and the query
 *     alike (the model, detector, alignment, flip, expansion, minimum confidence, face limit and
 *     enforceDetection name the representation cache; the metric and threshold only affect searching)
 * @param topK at most this many matches per query face, closest first; 0 (default) for every match within
 *     the threshold (an approximate store then returns at most its candidate count)
 * @param refresh true (default): bring the cache up to date with the folder on every search (new, removed
 *     and modified images); false: use the cache as it is once it exists
 * @param store {@code auto} (default: {@code exact} below {@code approximateAbove} faces, {@code hnsw} from
 *     there), {@code exact}, {@code hnsw}, or the name of any other {@link VectorStoreProvider}
 * @param approximateAbove face count from which {@code auto} switches to {@code hnsw} (default 100 000)
 * @param storeProperties properties for the store (see {@link HnswVectorStore} for {@code hnsw}'s)
 * @param threads threads that read, decode and detect gallery images while indexing (default: the cores)
 * @param batchSize images processed per batch while indexing, shared among the threads; each thread's share
 *     goes to the embedder in one call (default 32)
 * @param listener receives indexing progress (default: none)
 */
public record FindOptions(FaceOptions face, int topK, boolean refresh, String store, int approximateAbove,
    Map<String, String> storeProperties, int threads, int batchSize, IndexListener listener) {

  public static final String AUTO = "auto";
  public static final int DEFAULT_APPROXIMATE_ABOVE = 100_000;
  private static final FindOptions DEFAULTS = new Builder().build();

  public FindOptions {
    Objects.requireNonNull(face, "face");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(listener, "listener");
    storeProperties = Map.copyOf(storeProperties);
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

    public FindOptions build() {
      return new FindOptions(face.build(), topK, refresh, store, approximateAbove, storeProperties, threads, batchSize,
          listener);
    }
  }
}
