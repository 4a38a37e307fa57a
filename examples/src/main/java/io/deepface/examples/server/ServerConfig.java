package io.deepface.examples.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.net.InetAddress;

/**
 * How a {@link DeepFaceServer} listens, what it accepts and how much work it takes on. Immutable; build it with
 * {@link #builder()}. Every limit has a default fit for one machine on a private network.
 */
public final class ServerConfig {
  private static final int DEFAULT_QUEUE = Integer.MIN_VALUE;
  private final InetSocketAddress address;
  private final int workers;
  private final int queue;
  private final long maxBodyBytes;
  private final Duration requestTimeout;
  private final int maxFaces;
  private final Duration idleTimeout;
  private final long minRequestDataRate;
  private final Path imageRoot;
  private final boolean allowImageUrls;
  private final boolean allowPrivateImageUrls;
  private final long maxImageUrlBytes;
  private final Duration imageUrlTimeout;
  private final String authToken;
  private final Path gallery;
  private final String store;
  private final Duration shutdownGrace;
  private final int retryAfterSeconds;
  private final Consumer<String> accessLog;
  private final Predicate<InetAddress> urlAddressCheck;

  private ServerConfig(Builder b) {
    this.address = Objects.requireNonNull(b.address, "address");
    this.workers = positive(b.workers, "workers");
    this.queue = b.queue == DEFAULT_QUEUE ? 2 * workers : b.queue;
    if (queue < 0) {
      throw new IllegalArgumentException("queue must be >= 0, got " + queue);
    }
    this.maxBodyBytes = positive(b.maxBodyBytes, "maxBodyBytes");
    if (maxBodyBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBodyBytes must be below 2 GiB, got " + maxBodyBytes);
    }
    this.requestTimeout = positive(b.requestTimeout, "requestTimeout");
    this.maxFaces = positive(b.maxFaces, "maxFaces");
    this.idleTimeout = positive(b.idleTimeout, "idleTimeout");
    if (b.minRequestDataRate < 0) {
      throw new IllegalArgumentException("minRequestDataRate must be >= 0, got " + b.minRequestDataRate);
    }
    this.minRequestDataRate = b.minRequestDataRate;
    this.imageRoot = b.imageRoot;
    this.allowImageUrls = b.allowImageUrls;
    this.allowPrivateImageUrls = b.allowPrivateImageUrls;
    this.maxImageUrlBytes = positive(b.maxImageUrlBytes, "maxImageUrlBytes");
    this.imageUrlTimeout = positive(b.imageUrlTimeout, "imageUrlTimeout");
    if (b.authToken != null && b.authToken.isBlank()) {
      throw new IllegalArgumentException("the auth token is empty");
    }
    this.authToken = b.authToken;
    this.gallery = b.gallery;
    this.store = b.store;
    this.shutdownGrace = positive(b.shutdownGrace, "shutdownGrace");
    this.retryAfterSeconds = positive(b.retryAfterSeconds, "retryAfterSeconds");
    this.accessLog = Objects.requireNonNull(b.accessLog, "accessLog");
    this.urlAddressCheck = b.urlAddressCheck;
  }

  private static int positive(int v, String name) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + v);
    }
    return v;
  }

  private static long positive(long v, String name) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + v);
    }
    return v;
  }

  private static Duration positive(Duration v, String name) {
    if (v == null || v.isNegative() || v.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + v);
    }
    return v;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Where to listen; port 0 picks a free port. Default 127.0.0.1:5005 (loopback only). */
  public InetSocketAddress address() {
    return address;
  }

  /** Requests computed at once (default: the number of cores). */
  public int workers() {
    return workers;
  }

  /** Requests waiting for a worker; one more is answered 503 with Retry-After (default: 2 x workers). */
  public int queue() {
    return queue;
  }

  /** Largest request body (default 32 MiB): 413 above it. */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Longest a request may wait for a worker and compute (default 60 s): 503 after it. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Most faces detected per image, whatever a request asks (default 100). */
  public int maxFaces() {
    return maxFaces;
  }

  /** A connection that sends nothing this long is closed (default 30 s). */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** A request body arriving slower than this many bytes a second is cut off with 408 (default 4096; 0: none). */
  public long minRequestDataRate() {
    return minRequestDataRate;
  }

  /** The folder server-side image paths are read from, or null (the default): paths are refused. */
  public Path imageRoot() {
    return imageRoot;
  }

  /** Whether {@code http(s)} image URLs are fetched (default no). */
  public boolean allowImageUrls() {
    return allowImageUrls;
  }

  /** Whether image URLs may reach loopback, private and link-local addresses (default no). */
  public boolean allowPrivateImageUrls() {
    return allowPrivateImageUrls;
  }

  /** Largest image fetched from a URL (default 16 MiB). */
  public long maxImageUrlBytes() {
    return maxImageUrlBytes;
  }

  /** Longest an image URL fetch may take, redirects included (default 10 s). */
  public Duration imageUrlTimeout() {
    return imageUrlTimeout;
  }

  /** The bearer token every route but {@code /health} and the page requires, or null (no authentication). */
  String authToken() {
    return authToken;
  }

  public boolean authenticated() {
    return authToken != null;
  }

  /** The folder {@code POST /find} searches, or null (then {@code /find} answers 501). */
  public Path gallery() {
    return gallery;
  }

  /** The gallery's vector store (auto, exact, hnsw...), or null for auto. */
  public String store() {
    return store;
  }

  /** How long running requests may take to finish when the server stops (default 10 s). */
  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  /** The Retry-After seconds of a 503 (default 1). */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Where access log lines go (default: the SLF4J logger {@code io.deepface.examples.server.access} at info). */
  public Consumer<String> accessLog() {
    return accessLog;
  }

  /** The check image URL addresses must pass; null means the built-in one ({@link UrlFetcher#isPublic}). */
  Predicate<InetAddress> urlAddressCheck() {
    return urlAddressCheck;
  }

  @Override
  public String toString() {
    return "ServerConfig[address=" + address + ", workers=" + workers + ", queue=" + queue + ", maxBodyBytes="
        + maxBodyBytes + ", requestTimeout=" + requestTimeout + ", maxFaces=" + maxFaces + ", imageRoot=" + imageRoot
        + ", allowImageUrls=" + allowImageUrls + ", allowPrivateImageUrls=" + allowPrivateImageUrls
        + ", authenticated=" + authenticated() + ", gallery=" + gallery + "]"; // never the token
  }

  /** Builder of {@link ServerConfig}. */
  public static final class Builder {
    private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5005);
    private int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int queue = DEFAULT_QUEUE;
    private long maxBodyBytes = 32L * 1024 * 1024;
    private Duration requestTimeout = Duration.ofSeconds(60);
    private int maxFaces = 100;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private long minRequestDataRate = 4096;
    private Path imageRoot;
    private boolean allowImageUrls;
    private boolean allowPrivateImageUrls;
    private long maxImageUrlBytes = 16L * 1024 * 1024;
    private Duration imageUrlTimeout = Duration.ofSeconds(10);
    private String authToken;
    private Path gallery;
    private String store;
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private int retryAfterSeconds = 1;
    private Consumer<String> accessLog = DeepFaceServer.ACCESS_LOG::info;
    private Predicate<InetAddress> urlAddressCheck;

    private Builder() {}

    public Builder address(InetSocketAddress address) {
      this.address = address;
      return this;
    }

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    public Builder queue(int queue) {
      this.queue = queue;
      return this;
    }

    public Builder maxBodyBytes(long bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public Builder maxFaces(int maxFaces) {
      this.maxFaces = maxFaces;
      return this;
    }

    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    public Builder minRequestDataRate(long bytesPerSecond) {
      this.minRequestDataRate = bytesPerSecond;
      return this;
    }

    public Builder imageRoot(Path root) {
      this.imageRoot = root;
      return this;
    }

    public Builder allowImageUrls(boolean allow) {
      this.allowImageUrls = allow;
      return this;
    }

    public Builder allowPrivateImageUrls(boolean allow) {
      this.allowPrivateImageUrls = allow;
      return this;
    }

    public Builder maxImageUrlBytes(long bytes) {
      this.maxImageUrlBytes = bytes;
      return this;
    }

    public Builder imageUrlTimeout(Duration timeout) {
      this.imageUrlTimeout = timeout;
      return this;
    }

    /** The bearer token to require (null: none). It is kept out of logs and {@code toString}. */
    public Builder authToken(String token) {
      this.authToken = token;
      return this;
    }

    public Builder gallery(Path folder) {
      this.gallery = folder;
      return this;
    }

    public Builder store(String store) {
      this.store = store;
      return this;
    }

    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = grace;
      return this;
    }

    public Builder retryAfterSeconds(int seconds) {
      this.retryAfterSeconds = seconds;
      return this;
    }

    public Builder accessLog(Consumer<String> sink) {
      this.accessLog = sink;
      return this;
    }

    /** Replaces the public-address check of image URLs (tests use it to tell two loopback addresses apart). */
    Builder urlAddressCheck(Predicate<InetAddress> check) {
      this.urlAddressCheck = check;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException a limit is not positive, or the token is empty
     */
    public ServerConfig build() {
      return new ServerConfig(this);
    }
  }
}
