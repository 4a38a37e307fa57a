package io.deepface.find;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.FaceOptions;
import io.deepface.FacialArea;
import io.deepface.align.AlignmentMode;
import io.deepface.face.Point;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryCacheTest {
  static final String KEY = GalleryCache.key(FaceOptions.defaults());

  static GalleryCache.Image withFaces(String path, int dim, int faces) {
    List<GalleryCache.Face> list = new ArrayList<>();
    for (int f = 0; f < faces; f++) {
      float[] e = new float[dim];
      for (int i = 0; i < dim; i++) {
        e[i] = path.hashCode() % 97 + i * 0.25f + f;
      }
      FacialArea area = f == 0
          ? new FacialArea(10, 20, 30, 40, new Point(1.5, 2.5), new Point(3, 4), new Point(5, 6), new Point(7, 8), new Point(9, 10))
          : new FacialArea(1, 2, 3, 4, null, null, null, null, null);
      list.add(new GalleryCache.Face(area, 0.9 - f * 0.1, e));
    }
    byte[] sha = io.deepface.internal.Sha256.of(path.getBytes());
    return new GalleryCache.Image(path, 1234, 5678L * 1_000_000, sha, 42, GalleryCache.Status.FACES, null, list);
  }

  static GalleryCache.Image noFace(String path) {
    return new GalleryCache.Image(path, 10, 20, io.deepface.internal.Sha256.of(path.getBytes()), 30, GalleryCache.Status.NO_FACE,
        null, List.of());
  }

  static GalleryCache.Contents sample() {
    Map<String, GalleryCache.Image> images = new LinkedHashMap<>();
    images.put("a/one.jpg", withFaces("a/one.jpg", 8, 2));
    images.put("two.png", noFace("two.png"));
    images.put("bad.jpg", new GalleryCache.Image("bad.jpg", 3, 4, new byte[32], 5, GalleryCache.Status.FAILED,
        "not an image: unknown format", List.of()));
    return new GalleryCache.Contents(KEY, "gen-1", 1_700_000_000_000L, 8, images);
  }

  @Test
  void roundTripsEveryKindOfEntry(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.dfc");
    GalleryCache.Contents c = sample();
    GalleryCache.write(file, c);
    GalleryCache.Contents back = GalleryCache.read(file, KEY);
    assertThat(back.generation()).isEqualTo("gen-1");
    assertThat(back.writtenAtMillis()).isEqualTo(1_700_000_000_000L);
    assertThat(back.dimension()).isEqualTo(8);
    assertThat(back.images().keySet()).containsExactly("a/one.jpg", "two.png", "bad.jpg");
    GalleryCache.Image one = back.images().get("a/one.jpg");
    GalleryCache.Image want = c.images().get("a/one.jpg");
    assertThat(one.status()).isEqualTo(GalleryCache.Status.FACES);
    assertThat(one.size()).isEqualTo(1234);
    assertThat(one.mtimeNanos()).isEqualTo(5678L * 1_000_000);
    assertThat(one.sha256()).isEqualTo(want.sha256());
    assertThat(one.faces()).hasSize(2);
    for (int f = 0; f < 2; f++) {
      assertThat(one.faces().get(f).area()).isEqualTo(want.faces().get(f).area());
      assertThat(one.faces().get(f).confidence()).isEqualTo(want.faces().get(f).confidence());
      assertThat(one.faces().get(f).embedding()).containsExactly(want.faces().get(f).embedding());
    }
    assertThat(back.images().get("two.png").status()).isEqualTo(GalleryCache.Status.NO_FACE);
    assertThat(back.images().get("bad.jpg").error()).isEqualTo("not an image: unknown format");
  }

  @Test
  void theFileNameAndKeyNameEveryOptionThatChangesEmbeddings() {
    FaceOptions base = FaceOptions.builder().model("mobilefacenet-128").detector("yunet").build();
    String name = GalleryCache.fileName(base, GalleryCache.key(base));
    assertThat(name).startsWith("deepface_find_mobilefacenet-128_yunet_landmarks_").endsWith(".dfc");
    // The metric and threshold only affect searching: same cache.
    FaceOptions searchOnly = base.toBuilder().threshold(0.3).metric(io.deepface.verify.DistanceMetric.EUCLIDEAN)
        .build();
    assertThat(GalleryCache.fileName(searchOnly, GalleryCache.key(searchOnly))).isEqualTo(name);
    for (FaceOptions other : List.of(base.toBuilder().detector("retinaface").build(),
        base.toBuilder().alignment(AlignmentMode.EYES).build(), base.toBuilder().flip(true).build(),
        base.toBuilder().expandPercentage(10).build(), base.toBuilder().maxFaces(1).build(),
        base.toBuilder().minConfidence(0.5).build(), base.toBuilder().enforceDetection(false).build(), base.toBuilder().antiSpoofing(true).build(),
        base.toBuilder().minFaceSize(20).build(),
        base.toBuilder().model("faceplugin-512").build())) {
      assertThat(GalleryCache.key(other)).isNotEqualTo(GalleryCache.key(base));
      assertThat(GalleryCache.fileName(other, GalleryCache.key(other))).isNotEqualTo(name);
    }
    // The backends that run the components name it too.
    String onnx = GalleryCache.key(base, "detector=onnx,embedder=onnx");
    String opencv = GalleryCache.key(base, "detector=opencv,embedder=onnx");
    assertThat(onnx).isNotEqualTo(opencv).startsWith(GalleryCache.key(base));
    assertThat(GalleryCache.fileName(base, onnx)).isNotEqualTo(GalleryCache.fileName(base, opencv));
  }

  @Test
  void everyKindOfDamageIsACorruptIndexException(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.dfc");
    GalleryCache.write(file, sample());
    byte[] bytes = Files.readAllBytes(file);
    for (int at : new int[] {0, 9, 20, bytes.length / 2, bytes.length - 20, bytes.length - 1}) {
      byte[] b = bytes.clone();
      b[at] ^= 0x01;
      Files.write(file, b);
      assertThatThrownBy(() -> GalleryCache.read(file, KEY)).as("byte %d flipped", at)
          .isInstanceOf(CorruptIndexException.class);
    }
    for (int len : new int[] {0, 5, 12, 100, bytes.length - 12, bytes.length - 1}) {
      Files.write(file, Arrays.copyOf(bytes, len));
      assertThatThrownBy(() -> GalleryCache.read(file, KEY)).as("truncated to %d", len)
          .isInstanceOf(CorruptIndexException.class);
    }
    Files.write(file, bytes);
    assertThatThrownBy(() -> GalleryCache.read(file, GalleryCache.key(FaceOptions.builder().model("other").build())))
        .isInstanceOf(CorruptIndexException.class).hasMessageContaining("other options");
    // A valid file of another kind (a FaceIndex) is foreign.
    new FaceIndex(4, io.deepface.verify.DistanceMetric.COSINE).save(file);
    assertThatThrownBy(() -> GalleryCache.read(file, KEY)).isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining("not a DeepFace find cache");
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.dfc");
    GalleryCache.write(file, sample());
    byte[] before = Files.readAllBytes(file);
    GalleryCache.Contents next = new GalleryCache.Contents(KEY, "gen-2", 1, 8, Map.of());
    assertThatThrownBy(() -> GalleryCache.write(file, next, tmp -> {
      assertThat(tmp).exists().hasParentRaw(dir);
      throw new IOException("disk full (simulated)");
    })).isInstanceOf(IOException.class).hasMessageContaining("simulated");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(listNames(dir)).containsExactly("c.dfc");
  }

  @Test
  void aProcessKilledBetweenWriteAndRenameLeavesTheOldCacheIntact(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.dfc");
    GalleryCache.write(file, sample());
    byte[] before = Files.readAllBytes(file);
    Process p = child("crash", file.toString(), KEY);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("the child died in the hook: " + new String(p.getErrorStream().readAllBytes()))
        .isEqualTo(42);
    // The old cache is untouched and valid; the complete temporary file of the dead process is left over.
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(GalleryCache.read(file, KEY).images()).doesNotContainKey("new.jpg");
    List<String> names = listNames(dir);
    assertThat(names).hasSize(2).contains("c.dfc");
    assertThat(names).anyMatch(n -> n.startsWith("c.dfc" + ChecksummedFiles.TEMP_INFIX));
    // The next writer (holding the lock) removes it.
    assertThat(ChecksummedFiles.deleteTemporaries(file)).isEqualTo(1);
    assertThat(listNames(dir)).containsExactly("c.dfc");
  }

  @Test
  void twoProcessesUpdatingOneCacheUnderTheLockLoseNoUpdate(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.dfc");
    Process a = child("append", file.toString(), KEY, "a", "25");
    Process b = child("append", file.toString(), KEY, "b", "25");
    for (Process p : List.of(a, b)) {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes())).isZero();
    }
    Map<String, GalleryCache.Image> images = GalleryCache.read(file, KEY).images();
    assertThat(images).hasSize(50);
    for (int i = 0; i < 25; i++) {
      assertThat(images).containsKeys("a" + i + ".jpg", "b" + i + ".jpg");
    }
  }

  private static Process child(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CacheChild.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static List<String> listNames(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
