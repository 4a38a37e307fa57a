package io.deepface.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.model.convert.TfjsGraphModelConverter;
import io.deepface.testing.CaptureLogs;
import io.deepface.testing.LogCapture;
import io.deepface.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Converted models: made once from their verified sources, cached with a stamp, redone when stale or damaged. */
@ExtendWith(CaptureLogs.class)
class ConvertedModelsTest {
  private static final String GEAR = "human/gear.onnx";

  @TempDir
  Path cache;

  /** Counts conversions and delegates to the real TF.js converter. */
  static final class CountingConverter implements ModelConverter {
    final AtomicInteger calls = new AtomicInteger();
    final String version;

    CountingConverter(String version) {
      this.version = version;
    }

    @Override
    public String name() {
      return "tfjs-graph";
    }

    @Override
    public String version() {
      return version;
    }

    @Override
    public byte[] convert(ModelInfo target, List<Path> sources) {
      calls.incrementAndGet();
      return new TfjsGraphModelConverter().convert(target, sources);
    }
  }

  private ModelRepository repo(ModelConverter converter) {
    return ModelRepository.builder().cacheDir(cache).modelPath(List.of(TestData.modelsDir())).offline(true)
        .converter(converter).build();
  }

  @Test
  void convertsOnceIntoTheCacheAndThenReusesIt() throws IOException {
    CountingConverter c = new CountingConverter("1");
    Path file = repo(c).resolve(GEAR);
    assertThat(file).isEqualTo(cache.resolve("human-gear.onnx"));
    assertThat(Files.size(file)).isGreaterThan(1_000_000);
    Path stamp = cache.resolve("human-gear.onnx" + ConvertedModels.STAMP_SUFFIX);
    assertThat(Files.readString(stamp)).contains("tfjs-graph", "human/gear.json", "human/gear.bin",
        "53ef6bad582dd0a4617908489404866d96593ad11f29dec8f084dacaaf7f9ff6");
    assertThat(repo(c).resolve(GEAR)).isEqualTo(file);
    assertThat(repo(c).locate(GEAR)).contains(file);
    assertThat(c.calls).hasValue(1);
    try (var s = Files.list(cache)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
    }
  }

  @Test
  void aNewConverterVersionOrAChangedSourceConvertsAgain() throws IOException {
    CountingConverter c = new CountingConverter("1");
    repo(c).resolve(GEAR);
    CountingConverter next = new CountingConverter("2");
    repo(next).resolve(GEAR);
    assertThat(next.calls).hasValue(1);
    // A stamp that records another checksum for a source (the package was updated) is stale too.
    Path stamp = cache.resolve("human-gear.onnx" + ConvertedModels.STAMP_SUFFIX);
    Files.writeString(stamp, Files.readString(stamp).replace("53ef6bad", "00000000"));
    repo(next).resolve(GEAR);
    assertThat(next.calls).hasValue(2);
  }

  @Test
  void aDamagedConvertedFileIsConvertedAgain(LogCapture log) throws IOException {
    log.expectWarning("does not match its stamp (damaged?); converting it again");
    CountingConverter c = new CountingConverter("1");
    Path file = repo(c).resolve(GEAR);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    assertThat(repo(c).locate(GEAR)).isEmpty();
    repo(c).resolve(GEAR);
    assertThat(c.calls).hasValue(2);
    Files.delete(cache.resolve("human-gear.onnx" + ConvertedModels.STAMP_SUFFIX));
    repo(c).resolve(GEAR);
    assertThat(c.calls).hasValue(3);
  }

  @Test
  void manyThreadsOnFirstUseConvertOnce() throws Exception {
    CountingConverter c = new CountingConverter("1");
    ModelRepository repo = repo(c);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Path>> tasks = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        // Half share one repository, half have their own (as separate engines in one JVM do).
        ModelRepository r = i % 2 == 0 ? repo : repo(c);
        tasks.add(() -> r.resolve(GEAR));
      }
      Set<Path> paths = pool.invokeAll(tasks).stream().map(ConvertedModelsTest::get).collect(Collectors.toSet());
      assertThat(paths).containsExactly(cache.resolve("human-gear.onnx"));
    } finally {
      pool.shutdownNow();
    }
    assertThat(c.calls).hasValue(1);
  }

  private static Path get(Future<Path> f) {
    try {
      return f.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aFailingConversionIsAConversionExceptionNamingTheModel() {
    ModelConverter broken = new ModelConverter() {
      @Override
      public String name() {
        return "tfjs-graph";
      }

      @Override
      public String version() {
        return "broken";
      }

      @Override
      public byte[] convert(ModelInfo target, List<Path> sources) {
        throw new UnsupportedOperationException("unsupported TF op Einsum at node x (Einsum)");
      }
    };
    assertThatThrownBy(() -> repo(broken).resolve(GEAR)).isInstanceOf(ConversionException.class)
        .hasMessageContaining(GEAR).hasMessageContaining("Einsum");
    assertThat(cache.resolve("human-gear.onnx")).doesNotExist();
  }

  @Test
  void anUnknownConverterIsNamed() {
    ModelInfo odd = ModelInfo.converted("test/odd.onnx", "odd.onnx", "MIT", null, Map.of(),
        new ModelConversion("caffe", List.of("human/gear.json"), Map.of()));
    ModelRepository repo = ModelRepository.builder().catalog(ModelCatalog.builtin().with(List.of(odd))).cacheDir(cache)
        .modelPath(List.of(TestData.modelsDir())).offline(true).build();
    assertThatThrownBy(() -> repo.resolve("test/odd.onnx")).isInstanceOf(ConversionException.class)
        .hasMessageContaining("caffe").hasMessageContaining("tfjs-graph");
  }

  @Test
  void aMissingSourceIsAModelNotFoundException(@TempDir Path empty) {
    ModelRepository repo = ModelRepository.builder().cacheDir(cache).modelPath(List.of(empty)).offline(true).build();
    assertThatThrownBy(() -> repo.resolve(GEAR)).isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("human/gear.json");
  }

  @Test
  void aCacheThatCannotBeWrittenConvertsIntoATemporaryFolder(LogCapture log) throws IOException {
    log.expectWarning("cannot be written");
    // A folder below a regular file can be created by nobody, root included (a read-only folder would not stop root).
    Path blocked = Files.writeString(cache.resolve("a-file"), "x").resolve("cache");
    CountingConverter c = new CountingConverter("1");
    ModelRepository repo = ModelRepository.builder().cacheDir(blocked).modelPath(List.of(TestData.modelsDir()))
        .offline(true).converter(c).build();
    Path file = repo.resolve(GEAR);
    assertThat(file).exists();
    assertThat(file.startsWith(cache)).isFalse();
  }

  @Test
  void theCatalogRefusesConversionsFromUnknownSourcesAndSharedFileNames() {
    ModelInfo bad = ModelInfo.converted("test/bad.onnx", "bad.onnx", "MIT", null, Map.of(),
        new ModelConversion("tfjs-graph", List.of("nowhere/x.json"), Map.of()));
    assertThatThrownBy(() -> ModelCatalog.builtin().with(List.of(bad))).hasMessageContaining("nowhere/x.json");
    ModelInfo clash = ModelInfo.converted("test/clash.onnx", "human-gear.onnx", "MIT", null, Map.of(),
        new ModelConversion("tfjs-graph", List.of("human/gear.json"), Map.of()));
    assertThatThrownBy(() -> ModelCatalog.builtin().with(List.of(clash))).hasMessageContaining("share the file name");
  }
}
