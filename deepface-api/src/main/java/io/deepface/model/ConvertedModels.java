package io.deepface.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepface.internal.ServiceProviders;
import io.deepface.internal.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cached results of {@link ModelConversion}s. A converted file lives in the cache folder beside a stamp,
 * {@code <file>.converted.json}, that records what it was made from: the converter and its version, the
 * options, each source's catalog id and SHA-256, and the converted file's own SHA-256 and size. A cached
 * file is used only when its stamp matches what the catalog asks for now and its bytes match the stamp;
 * otherwise (a new source, a new converter version, a damaged file) it is converted again.
 *
 * <p>Conversion runs under the repository's per-file lock (one thread and one process at a time); the file
 * and then its stamp are written to temporary files, forced to disk and renamed into place, so a reader never
 * sees a partial file and a crash leaves at worst a file without a matching stamp, which is redone.
 * When the cache folder cannot be written, the converted file goes to a private temporary folder, with a
 * warning, and is redone by the next process.
 */
final class ConvertedModels {
  private static final Logger LOG = LoggerFactory.getLogger(ConvertedModels.class);
  static final String STAMP_SUFFIX = ".converted.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path cacheDir;
  private final ModelCatalog catalog;
  private final Map<String, ModelConverter> converters;
  private final FileHashes sha256;
  private volatile Path fallbackDir;

  ConvertedModels(Path cacheDir, ModelCatalog catalog, Map<String, ModelConverter> converters, FileHashes sha256) {
    this.cacheDir = cacheDir;
    this.catalog = catalog;
    this.converters = converters;
    this.sha256 = sha256;
  }

  /** The converters registered with {@link java.util.ServiceLoader}, by name. */
  static Map<String, ModelConverter> discover() {
    Map<String, ModelConverter> out = new LinkedHashMap<>();
    for (ModelConverter c : ServiceProviders.load(ModelConverter.class, ServiceProviders.defaultLoader(ModelConverter.class),
        (index, reason) -> LOG.warn("Skipping a model converter that cannot be instantiated: {}", reason))) {
      out.putIfAbsent(c.name(), c);
    }
    return out;
  }

  /**
   * The converted file of {@code model}, converting it when no valid cached copy exists.
   *
   * @param sources resolves a source's catalog id to its verified local file (may download)
   * @param lock runs a task while holding the repository's lock for a target file
   */
  Path resolve(ModelInfo model, Function<String, Path> sources, Locking lock) {
    ModelConversion conversion = model.conversion();
    ModelConverter converter = converters.get(conversion.converter());
    if (converter == null) {
      throw new ConversionException(model.id(), "Model " + model.id() + " is converted by '" + conversion.converter()
          + "', but no such converter is registered (known: " + converters.keySet() + ")");
    }
    List<Path> files = new ArrayList<>();
    for (String id : conversion.sources()) {
      files.add(sources.apply(id));
    }
    ObjectNode wanted = stamp(model, converter);
    Path dir = fallbackDir != null ? fallbackDir : cacheDir;
    Path cached = valid(dir.resolve(model.fileName()), wanted);
    if (cached != null) {
      return cached;
    }
    try {
      Files.createDirectories(dir);
      return lock.withLock(dir.resolve(model.fileName()), () -> convertInto(dir, model, converter, files, wanted));
    } catch (AccessDeniedException | java.nio.file.ReadOnlyFileSystemException e) {
      return convertInFallback(model, converter, files, wanted, e);
    } catch (IOException e) {
      if (!Files.isWritable(dir)) {
        return convertInFallback(model, converter, files, wanted, e);
      }
      throw new ConversionException(model.id(), "Model " + model.id() + ": the converted file cannot be written to "
          + dir + ": " + e, e);
    }
  }

  /** The cached converted file of {@code model} if it is valid; never converts. */
  Path locate(ModelInfo model) {
    ModelConverter converter = converters.get(model.conversion().converter());
    if (converter == null) {
      return null;
    }
    return valid(cacheDir.resolve(model.fileName()), stamp(model, converter));
  }

  private Path convertInFallback(ModelInfo model, ModelConverter converter, List<Path> files, ObjectNode wanted,
      Exception cause) {
    try {
      Path dir = fallbackDir;
      if (dir == null) {
        synchronized (this) {
          dir = fallbackDir;
          if (dir == null) {
            dir = Files.createTempDirectory("deepface-converted-models");
            dir.toFile().deleteOnExit();
            fallbackDir = dir;
          }
        }
      }
      LOG.warn("Model cache {} cannot be written ({}); converting {} into {} for this process only", cacheDir,
          cause.toString(), model.id(), dir);
      Path target = valid(dir.resolve(model.fileName()), wanted);
      if (target != null) {
        return target;
      }
      synchronized (this) {
        target = valid(dir.resolve(model.fileName()), wanted);
        return target != null ? target : convertInto(dir, model, converter, files, wanted);
      }
    } catch (IOException e) {
      throw new ConversionException(model.id(), "Model " + model.id() + " cannot be converted: neither the cache "
          + cacheDir + " nor a temporary folder can be written: " + e, e);
    }
  }

  private Path convertInto(Path dir, ModelInfo model, ModelConverter converter, List<Path> files, ObjectNode wanted)
      throws IOException {
    Path target = dir.resolve(model.fileName());
    // Another thread or process may have converted it while we waited for the lock.
    Path done = valid(target, wanted);
    if (done != null) {
      return done;
    }
    long start = System.nanoTime();
    byte[] bytes;
    try {
      bytes = converter.convert(model, files);
    } catch (ConversionException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConversionException(model.id(), "Model " + model.id() + " cannot be converted from "
          + model.conversion().sources() + " by " + converter.name() + ": " + e.getMessage(), e);
    }
    if (bytes == null || bytes.length == 0) {
      throw new ConversionException(model.id(), "Model " + model.id() + ": converter " + converter.name()
          + " produced no bytes");
    }
    ObjectNode stamp = wanted.deepCopy();
    stamp.put("sha256", Sha256.hex(Sha256.of(bytes)));
    stamp.put("size", bytes.length);
    writeAtomically(target, bytes);
    writeAtomically(stampOf(target), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(stamp));
    LOG.info("Model {} converted by {} {} from {} in {} ms ({} bytes) into {}", model.id(), converter.name(),
        converter.version(), model.conversion().sources(), (System.nanoTime() - start) / 1_000_000, bytes.length, target);
    return target;
  }

  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(java.nio.ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** {@code file} if it exists, its stamp describes {@code wanted} and its bytes match the stamp; else null. */
  private Path valid(Path file, ObjectNode wanted) {
    Path stampFile = stampOf(file);
    if (!Files.isRegularFile(file) || !Files.isRegularFile(stampFile)) {
      return null;
    }
    try {
      ObjectNode stamp = (ObjectNode) JSON.readTree(stampFile.toFile());
      ObjectNode describes = stamp.deepCopy();
      describes.remove("sha256");
      describes.remove("size");
      if (!describes.equals(wanted)) {
        LOG.info("Converted model {} is out of date (its sources or converter changed); converting it again", file);
        return null;
      }
      if (Files.size(file) != stamp.path("size").asLong(-1) || !sha256.of(file).equals(stamp.path("sha256").asText())) {
        LOG.warn("Converted model {} does not match its stamp (damaged?); converting it again", file);
        return null;
      }
      return file;
    } catch (IOException | UncheckedIOException | ClassCastException e) {
      LOG.warn("Converted model stamp {} cannot be read ({}); converting again", stampFile, e.toString());
      return null;
    }
  }

  private static Path stampOf(Path file) {
    return file.resolveSibling(file.getFileName() + STAMP_SUFFIX);
  }

  private ObjectNode stamp(ModelInfo model, ModelConverter converter) {
    ObjectNode s = JSON.createObjectNode();
    s.put("model", model.id());
    s.put("converter", converter.name());
    s.put("version", converter.version());
    ObjectNode options = s.putObject("options");
    new TreeMap<>(model.conversion().options()).forEach(options::put);
    ArrayNode sources = s.putArray("sources");
    // The catalog's checksum is what each source was verified against.
    for (String id : model.conversion().sources()) {
      sources.addObject().put("id", id).put("sha256", catalog.require(id).sha256());
    }
    return s;
  }

  /** Runs a task while holding the lock for one target file of the cache (inside the JVM and across processes). */
  @FunctionalInterface
  interface Locking {
    Path withLock(Path target, LockedTask task) throws IOException;
  }

  @FunctionalInterface
  interface LockedTask {
    Path run() throws IOException;
  }
}
