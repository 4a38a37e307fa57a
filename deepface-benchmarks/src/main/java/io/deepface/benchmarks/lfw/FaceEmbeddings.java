package io.deepface.benchmarks.lfw;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.align.AlignmentMode;
import io.deepface.align.FaceAligner;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.FaceEmbedder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeddings of every face of every image for one (detector, embedder, alignment) setting, with the
 * embedding of each mirrored crop beside it, so that runs with and without flip augmentation share
 * one pass. Detection is not enforced (the whole image stands in when no face is found), as in
 * DeepFace's benchmarks. Results can be cached in a file so reports can be recomputed cheaply.
 */
public final class FaceEmbeddings {
  private static final Logger LOG = LoggerFactory.getLogger(FaceEmbeddings.class);
  private static final int MAGIC = 0x44464c57; // "DFLW"

  /** The faces of one image: per face, the plain and the mirrored embedding. */
  public record ImageFaces(List<float[]> plain, List<float[]> mirrored, int detected) {}

  private FaceEmbeddings() {}

  public static Map<Path, ImageFaces> compute(FaceEngine engine, List<Path> images, String detector, String model,
      AlignmentMode alignment, int threads, Path cacheFile) throws IOException, InterruptedException {
    if (cacheFile != null && Files.isRegularFile(cacheFile)) {
      Map<Path, ImageFaces> cached = read(cacheFile);
      if (cached.keySet().containsAll(images)) {
        LOG.info("Using cached embeddings {}", cacheFile);
        return cached;
      }
    }
    FaceOptions options = FaceOptions.builder().detector(detector).model(model).alignment(alignment)
        .enforceDetection(false).build();
    FaceEmbedder embedder = engine.embedder(model);
    engine.detector(detector);
    Map<Path, Future<ImageFaces>> futures = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    try {
      for (Path image : images) {
        futures.put(image, pool.submit(() -> {
          ImageFaces f = embed(engine, embedder, image, options);
          int n = done.incrementAndGet();
          if (n % 500 == 0) {
            LOG.info("{}/{}/{}: {} of {} images, {} ms per image", detector, model, alignment, n, images.size(),
                (System.nanoTime() - start) / 1_000_000 / n);
          }
          return f;
        }));
      }
      Map<Path, ImageFaces> out = new LinkedHashMap<>();
      for (Map.Entry<Path, Future<ImageFaces>> e : futures.entrySet()) {
        try {
          out.put(e.getKey(), e.getValue().get());
        } catch (java.util.concurrent.ExecutionException ex) {
          throw new IOException("embedding " + e.getKey() + " failed", ex.getCause());
        }
      }
      if (cacheFile != null) {
        write(cacheFile, out);
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  static ImageFaces embed(FaceEngine engine, FaceEmbedder embedder, Path image, FaceOptions options) {
    RgbImage img = engine.decode(ImageInput.of(image));
    List<DetectedFace> faces = engine.detectFaces(img, image.toString(), options);
    List<RgbImage> crops = new ArrayList<>();
    for (DetectedFace f : faces) {
      crops.add(FaceAligner.crop(img, f, embedder.alignment(), options.alignment()));
    }
    for (int i = 0; i < faces.size(); i++) {
      crops.add(crops.get(i).mirrored());
    }
    float[][] v = embedder.embed(crops);
    List<float[]> plain = new ArrayList<>();
    List<float[]> mirrored = new ArrayList<>();
    for (int i = 0; i < faces.size(); i++) {
      plain.add(v[i]);
      mirrored.add(v[i + faces.size()]);
    }
    int detected = faces.size() == 1 && faces.get(0).confidence() == 0 ? 0 : faces.size();
    return new ImageFaces(plain, mirrored, detected);
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
