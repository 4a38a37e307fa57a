package io.deepface.benchmarks.lfw;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.align.AlignmentMode;
import io.deepface.align.FaceAligner;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceEmbedder;
import io.deepface.verify.Vectors;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeddings of every face of every image for (detector, embedder, alignment) settings, with the
 * embedding of each mirrored crop beside it, so that runs with and without flip augmentation share
 * one pass; one detection per image serves every embedder and alignment. Detection is not enforced (the
 * whole image stands in when no face is found), as in DeepFace's benchmarks. Results are cached in one
 * file per setting so reports can be recomputed cheaply.
 */
public final class FaceEmbeddings {
  private static final Logger LOG = LoggerFactory.getLogger(FaceEmbeddings.class);
  private static final int MAGIC = 0x44464c57; // "DFLW"

  /** The faces of one image: per face, the plain and the mirrored embedding. */
  public record ImageFaces(List<float[]> plain, List<float[]> mirrored, int detected) {}

  private FaceEmbeddings() {}

  /** One embedding setting: detector, embedder and alignment. */
  public record Key(String detector, String model, AlignmentMode alignment) {
    /** The cache file name, {@code detector_model_alignment.bin}. */
    public String fileName() {
      return detector + "_" + model + "_" + alignment.name().toLowerCase(Locale.ROOT) + ".bin";
    }
  }

  /**
   * Embeddings of every image for one detector and every model x alignment given, detecting each image once.
   * Settings whose cache file in {@code cacheDir} already holds every image are read from it; the others are
   * computed (one pass over the images for all of them) and written there. A fused embedder listed in
   * {@link #FUSED} is derived from its parts' embeddings, exactly as {@link io.deepface.components.FusedEmbedder}
   * computes it, so its parts are computed once for both.
   */
  public static Map<Key, Map<Path, ImageFaces>> compute(FaceEngine engine, List<Path> images, String detector,
      List<String> models, List<AlignmentMode> alignments, int threads, Path cacheDir)
      throws IOException, InterruptedException {
    Map<Key, Map<Path, ImageFaces>> out = new LinkedHashMap<>();
    List<String> base = new ArrayList<>();
    for (String m : models) {
      for (String part : FUSED.getOrDefault(m, List.of(m))) {
        if (!base.contains(part)) {
          base.add(part);
        }
      }
    }
    List<Key> missing = new ArrayList<>();
    for (AlignmentMode a : alignments) {
      for (String m : base) {
        Key k = new Key(detector, m, a);
        Map<Path, ImageFaces> cached = cacheDir == null ? null : cached(cacheDir.resolve(k.fileName()), images);
        if (cached != null) {
          out.put(k, cached);
        } else {
          missing.add(k);
        }
      }
    }
    if (!missing.isEmpty()) {
      Map<Key, Map<Path, ImageFaces>> computed = computeMissing(engine, images, detector, missing, threads);
      for (Map.Entry<Key, Map<Path, ImageFaces>> e : computed.entrySet()) {
        if (cacheDir != null) {
          write(cacheDir.resolve(e.getKey().fileName()), e.getValue());
        }
        out.put(e.getKey(), e.getValue());
      }
    }
    Map<Key, Map<Path, ImageFaces>> result = new LinkedHashMap<>();
    for (AlignmentMode a : alignments) {
      for (String m : models) {
        List<String> parts = FUSED.getOrDefault(m, List.of(m));
        Key k = new Key(detector, m, a);
        result.put(k, parts.size() == 1 ? out.get(k)
            : fuse(parts.stream().map(p -> out.get(new Key(detector, p, a))).toList()));
      }
    }
    return result;
  }

  /** The fused embedders and their parts (equal weights), as the backends define them. */
  public static final Map<String, List<String>> FUSED = Map.of(
      "fusion", List.of("faceplugin-512", "mobilefacenet-128"),
      "fusion-3", List.of("faceplugin-512", "mobilefacenet-128", "mobilefacenet-192"));

  /**
   * The equal-weight fusion of several embedders' results for the same images and faces: per face, each part
   * normalised, scaled by the square root of 1/parts and concatenated, for the plain and the mirrored crop.
   */
  public static Map<Path, ImageFaces> fuse(List<Map<Path, ImageFaces>> parts) {
    float k = (float) Math.sqrt(1.0 / parts.size());
    Map<Path, ImageFaces> out = new LinkedHashMap<>();
    for (Path p : parts.get(0).keySet()) {
      List<ImageFaces> faces = parts.stream().map(m -> m.get(p)).toList();
      int n = faces.get(0).plain().size();
      List<float[]> plain = new ArrayList<>();
      List<float[]> mirrored = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        final int face = i;
        plain.add(concat(faces.stream().map(f -> f.plain().get(face)).toList(), k));
        mirrored.add(concat(faces.stream().map(f -> f.mirrored().get(face)).toList(), k));
      }
      out.put(p, new ImageFaces(plain, mirrored, faces.get(0).detected()));
    }
    return out;
  }

  private static float[] concat(List<float[]> vectors, float k) {
    float[] out = new float[vectors.stream().mapToInt(v -> v.length).sum()];
    int offset = 0;
    for (float[] v : vectors) {
      float[] n = Vectors.normalize(v);
      for (int j = 0; j < n.length; j++) {
        out[offset + j] = n[j] * k;
      }
      offset += n.length;
    }
    return out;
  }

  private static Map<Path, ImageFaces> cached(Path file, List<Path> images) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Map<Path, ImageFaces> cached = read(file);
    if (!cached.keySet().containsAll(images)) {
      return null;
    }
    LOG.info("Using cached embeddings {}", file);
    return cached;
  }

  private static Map<Key, Map<Path, ImageFaces>> computeMissing(FaceEngine engine, List<Path> images, String detector,
      List<Key> keys, int threads) throws IOException, InterruptedException {
    FaceOptions options = FaceOptions.builder().detector(detector).enforceDetection(false).build();
    engine.detector(detector);
    Map<String, FaceEmbedder> embedders = new LinkedHashMap<>();
    keys.forEach(k -> embedders.computeIfAbsent(k.model(), engine::embedder));
    Map<Path, Future<Map<Key, ImageFaces>>> futures = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    try {
      for (Path image : images) {
        futures.put(image, pool.submit(() -> {
          Map<Key, ImageFaces> f = embed(engine, image, options, keys, embedders);
          int n = done.incrementAndGet();
          if (n % 500 == 0) {
            LOG.info("{} {}: {} of {} images, {} ms per image", detector, keys.stream().map(k -> k.model() + "/"
                + k.alignment()).toList(), n, images.size(), (System.nanoTime() - start) / 1_000_000 / n);
          }
          return f;
        }));
      }
      Map<Key, Map<Path, ImageFaces>> out = new LinkedHashMap<>();
      keys.forEach(k -> out.put(k, new LinkedHashMap<>()));
      for (Map.Entry<Path, Future<Map<Key, ImageFaces>>> e : futures.entrySet()) {
        try {
          e.getValue().get().forEach((k, f) -> out.get(k).put(e.getKey(), f));
        } catch (java.util.concurrent.ExecutionException ex) {
          throw new IOException("embedding " + e.getKey() + " failed", ex.getCause());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** One image: detected once, then cropped per alignment and embedded by each model (and mirrored). */
  static Map<Key, ImageFaces> embed(FaceEngine engine, Path image, FaceOptions options, List<Key> keys,
      Map<String, FaceEmbedder> embedders) {
    RgbImage img = engine.decode(ImageInput.of(image));
    List<DetectedFace> faces = engine.detectFaces(ImageInput.of(img, image.toString()), options);
    int detected = faces.size() == 1 && faces.get(0).confidence() == 0 ? 0 : faces.size();
    Map<Key, ImageFaces> out = new LinkedHashMap<>();
    Map<String, List<RgbImage>> crops = new HashMap<>();
    for (Key k : keys) {
      FaceEmbedder embedder = embedders.get(k.model());
      List<RgbImage> c = crops.computeIfAbsent(k.alignment() + " " + embedder.alignment(), x -> {
        List<RgbImage> list = new ArrayList<>();
        for (DetectedFace f : faces) {
          list.add(FaceAligner.crop(img, f, embedder.alignment(), k.alignment()));
        }
        for (int i = 0; i < faces.size(); i++) {
          list.add(list.get(i).mirrored());
        }
        return list;
      });
      float[][] v = embedder.embed(c);
      List<float[]> plain = new ArrayList<>();
      List<float[]> mirrored = new ArrayList<>();
      for (int i = 0; i < faces.size(); i++) {
        plain.add(v[i]);
        mirrored.add(v[i + faces.size()]);
      }
      out.put(k, new ImageFaces(plain, mirrored, detected));
    }
    return out;
  }

  static void write(Path file, Map<Path, ImageFaces> data) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".part");
    try (OutputStream o = Files.newOutputStream(tmp); DataOutputStream out = new DataOutputStream(new BufferedOutputStream(o))) {
      out.writeInt(MAGIC);
      out.writeInt(data.size());
      for (Map.Entry<Path, ImageFaces> e : data.entrySet()) {
        out.writeUTF(e.getKey().toString());
        out.writeInt(e.getValue().detected());
        out.writeInt(e.getValue().plain().size());
        for (int i = 0; i < e.getValue().plain().size(); i++) {
          writeVector(out, e.getValue().plain().get(i));
          writeVector(out, e.getValue().mirrored().get(i));
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static Map<Path, ImageFaces> read(Path file) throws IOException {
    try (InputStream i = Files.newInputStream(file); DataInputStream in = new DataInputStream(new BufferedInputStream(i))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + " is not an embeddings cache");
      }
      int n = in.readInt();
      Map<Path, ImageFaces> out = new LinkedHashMap<>();
      for (int k = 0; k < n; k++) {
        Path p = Path.of(in.readUTF());
        int detected = in.readInt();
        int faces = in.readInt();
        List<float[]> plain = new ArrayList<>();
        List<float[]> mirrored = new ArrayList<>();
        for (int f = 0; f < faces; f++) {
          plain.add(readVector(in));
          mirrored.add(readVector(in));
        }
        out.put(p, new ImageFaces(plain, mirrored, detected));
      }
      return out;
    }
  }

  private static void writeVector(DataOutputStream out, float[] v) throws IOException {
    out.writeInt(v.length);
    for (float x : v) {
      out.writeFloat(x);
    }
  }

  private static float[] readVector(DataInputStream in) throws IOException {
    float[] v = new float[in.readInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = in.readFloat();
    }
    return v;
  }
}
