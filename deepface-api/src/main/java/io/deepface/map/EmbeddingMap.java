package io.deepface.map;

import io.deepface.DeepFaceException;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.FacialArea;
import io.deepface.Representation;
import io.deepface.image.ImageInput;
import io.deepface.verify.DistanceMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The lesson's picture of embeddings: every face of a folder as a point in the plane, where one person's faces lie
 * close together. Embeddings are projected on their first two principal components (PCA, with EJML's singular
 * value decomposition). t-SNE and UMAP are not offered: no maintained, permissively licensed Java implementation
 * was found. {@link #neighbourAgreement2d()} and {@link #neighbourAgreementFull(DistanceMetric)} say how much of the
 * identity structure the plane keeps. Immutable.
 *
 * @param points one per face (the largest face of each photo), in the folder's sorted order
 * @param explainedVariance the share of the embeddings' variance along each of the two axes
 */
public record EmbeddingMap(List<Point> points, double[] explainedVariance) {
  private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif",
      "tiff");

  /**
   * One face on the map.
   *
   * @param identity the person: the photo's subfolder, or the part of its file name before the last {@code _}
   *     (LFW's {@code NAME_0001.jpg})
   * @param image the photo
   * @param facialArea where the face is in the photo
   * @param embedding the face's embedding
   * @param x first principal component
   * @param y second principal component
   */
  public record Point(String identity, Path image, FacialArea facialArea, float[] embedding, double x, double y) {}

  /** A face to place: its identity, photo, area and embedding. */
  public record Face(String identity, Path image, FacialArea facialArea, float[] embedding) {}

  public EmbeddingMap {
    points = List.copyOf(points);
    explainedVariance = explainedVariance.clone();
  }

  /**
   * Embeds the largest face of every photo under {@code folder} (one level of subfolders per person, or photos named
   * {@code PERSON_N.ext}) with {@code options} on {@code threads} threads and projects them: {@code project(faces(...))}.
   *
   * @throws DeepFaceException when the folder cannot be read or fewer than three faces are found
   */
  public static EmbeddingMap of(FaceEngine engine, Path folder, FaceOptions options, int threads,
      Map<Path, String> skipped) {
    return project(faces(engine, folder, options, threads, skipped));
  }

  /**
   * The largest face of every photo under {@code folder} with its person, embedded with {@code options} on
   * {@code threads} threads, in the folder's sorted order. Photos without a face or that cannot be read are left out
   * and listed in {@code skipped} (photo to reason) when it is not null.
   *
   * @throws DeepFaceException when the folder cannot be read
   */
  public static List<Face> faces(FaceEngine engine, Path folder, FaceOptions options, int threads,
      Map<Path, String> skipped) {
    List<Path> photos = photos(folder);
    FaceOptions largest = options.toBuilder().maxFaces(1).build();
    Map<Path, Face> byPhoto = new ConcurrentHashMap<>();
    Map<Path, String> failed = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Path photo : photos) {
        futures.add(pool.submit(() -> {
          try {
            Representation r = engine.represent(ImageInput.of(photo), largest).get(0);
            byPhoto.put(photo, new Face(identity(folder, photo), photo, r.facialArea(), r.embedding()));
          } catch (DeepFaceException e) {
            failed.put(photo, e.getMessage());
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeepFaceException("embedding map interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new DeepFaceException("embedding failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (skipped != null) {
      skipped.putAll(new TreeMap<>(failed));
    }
    return photos.stream().map(byPhoto::get).filter(f -> f != null).toList();
  }

  /**
   * Projects faces on the first two principal components of their embeddings (centred; not scaled).
   *
   * @throws DeepFaceException with fewer than three faces or embeddings of different lengths
   */
  public static EmbeddingMap project(List<Face> faces) {
    if (faces.size() < 3) {
      throw new DeepFaceException("an embedding map needs at least three faces, got " + faces.size());
    }
    int n = faces.size();
    int d = faces.get(0).embedding().length;
    double[] mean = new double[d];
    for (Face f : faces) {
      if (f.embedding().length != d) {
        throw new DeepFaceException("embeddings of different lengths: " + d + " and " + f.embedding().length);
      }
      for (int j = 0; j < d; j++) {
        mean[j] += f.embedding()[j] / (double) n;
      }
    }
    DMatrixRMaj x = new DMatrixRMaj(n, d);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x.set(i, j, faces.get(i).embedding()[j] - mean[j]);
      }
    }
    SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, d, false, true, true);
    if (!svd.decompose(x.copy())) {
      throw new DeepFaceException("the singular value decomposition did not converge");
    }
    DMatrixRMaj w = svd.getW(null);
    DMatrixRMaj v = svd.getV(null, false);
    SingularOps_DDRM.descendingOrder(null, false, w, v, false);
    double total = 0;
    for (int i = 0; i < Math.min(w.numRows, w.numCols); i++) {
      total += w.get(i, i) * w.get(i, i);
    }
    double[] explained = new double[2];
    for (int k = 0; k < 2 && k < Math.min(w.numRows, w.numCols); k++) {
      explained[k] = total == 0 ? 0 : w.get(k, k) * w.get(k, k) / total;
    }
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double px = 0;
      double py = 0;
      for (int j = 0; j < d; j++) {
        px += x.get(i, j) * v.get(j, 0);
        py += x.get(i, j) * (v.numCols > 1 ? v.get(j, 1) : 0);
      }
      Face f = faces.get(i);
      points.add(new Point(f.identity(), f.image(), f.facialArea(), f.embedding(), px, py));
    }
    return new EmbeddingMap(points, explained);
  }

  /**
   * The share of faces whose nearest other face on the map shows the same person, over the faces whose person has
   * at least two faces on the map.
   */
  public double neighbourAgreement2d() {
    return agreement((a, b) -> Math.hypot(a.x() - b.x(), a.y() - b.y()));
  }

  /** The same share with the nearest face in the full embedding space, by {@code metric}. */
  public double neighbourAgreementFull(DistanceMetric metric) {
    return agreement((a, b) -> metric.distance(a.embedding(), b.embedding()));
  }

  private interface Distance {
    double between(Point a, Point b);
  }

  private double agreement(Distance distance) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    points.forEach(p -> counts.merge(p.identity(), 1, Integer::sum));
    int asked = 0;
    int agreed = 0;
    for (Point p : points) {
      if (counts.get(p.identity()) < 2) {
        continue;
      }
      Point nearest = null;
      double best = Double.POSITIVE_INFINITY;
      for (Point q : points) {
        if (q != p) {
          double dist = distance.between(p, q);
          if (dist < best) {
            best = dist;
            nearest = q;
          }
        }
      }
      asked++;
      agreed += nearest != null && nearest.identity().equals(p.identity()) ? 1 : 0;
    }
    return asked == 0 ? Double.NaN : (double) agreed / asked;
  }

  /** The identities on the map, sorted. */
  public List<String> identities() {
    List<String> ids = new ArrayList<>(points.stream().map(Point::identity).distinct().toList());
    Collections.sort(ids);
    return ids;
  }

  static String identity(Path folder, Path photo) {
    Path rel = folder.relativize(photo);
    if (rel.getNameCount() > 1) {
      return rel.getName(0).toString();
    }
    String name = photo.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    int underscore = stem.lastIndexOf('_');
    return underscore > 0 ? stem.substring(0, underscore) : stem;
  }

  private static List<Path> photos(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new DeepFaceException(folder + " is not a folder");
    }
    try (Stream<Path> files = Files.walk(folder, 2)) {
      return files.filter(Files::isRegularFile).filter(p -> {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
      }).sorted().toList();
    } catch (IOException e) {
      throw new DeepFaceException("cannot read folder " + folder + ": " + e, e);
    }
  }
}
