package io.deepface.calibrate;

import io.deepface.DeepFaceException;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.image.ImageInput;
import io.deepface.verify.Calibration;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.RocCurve;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calibrates verification thresholds on labelled pairs of the caller's own photos. Every photo is embedded once with
 * the face options (in parallel; the engine is thread-safe), a pair's distance is the closest of its faces (as
 * {@code verify} judges), and then, for every metric, from those distances alone: the ROC curve, AUC, EER, the
 * best-accuracy threshold with k-fold cross-validated accuracy (each fold scored with the threshold chosen on the
 * others), and per target FAR the threshold, its TAR, a confidence interval over the folds, and whether the number of
 * different-person pairs can support the target. Photos that give no embedding (no face with
 * {@code enforceDetection}, unreadable) are reported and their pairs skipped.
 *
 * <p>Stateless; {@link #calibrate} may run on several threads at once.
 */
public final class ThresholdCalibrator {
  private ThresholdCalibrator() {}

  /**
   * Calibrates {@code pairs} with {@code options}.
   *
   * @throws CalibrationException when, once failed photos are set aside, some fold has no same-person or no
   *     different-person pair left
   */
  public static CalibrationReport calibrate(FaceEngine engine, LabelledPairs pairs, CalibrationOptions options) {
    FaceOptions face = options.faceOptions();
    Map<Path, List<float[]>> embeddings = new ConcurrentHashMap<>();
    Map<String, String> failed = new TreeMap<>();
    embed(engine, pairs.images(), options, embeddings, failed);

    Map<DistanceMetric, List<Calibration.Pair>> scored = new LinkedHashMap<>();
    for (DistanceMetric m : DistanceMetric.values()) {
      scored.put(m, new ArrayList<>());
    }
    long skipped = 0;
    for (LabelledPairs.ImagePair p : pairs.pairs()) {
      List<float[]> a = embeddings.get(p.first());
      List<float[]> b = embeddings.get(p.second());
      if (a == null || b == null) {
        skipped++;
        continue;
      }
      for (DistanceMetric m : DistanceMetric.values()) {
        double d = Double.POSITIVE_INFINITY;
        for (float[] x : a) {
          for (float[] y : b) {
            d = Math.min(d, m.distance(x, y));
          }
        }
        scored.get(m).add(new Calibration.Pair(d, p.same(), p.fold()));
      }
    }
    List<Calibration.Pair> any = scored.get(face.metric());
    checkFolds(any, pairs.folds(), skipped, failed);
    long genuine = any.stream().filter(Calibration.Pair::same).count();
    long impostors = any.size() - genuine;

    List<CalibrationReport.MetricReport> reports = new ArrayList<>();
    for (Map.Entry<DistanceMetric, List<Calibration.Pair>> e : scored.entrySet()) {
      reports.add(metricReport(e.getKey(), e.getValue(), pairs.folds(), options.fars()));
    }
    return new CalibrationReport(face.model(), face.detector(), face.alignment(), face.flip(), pairs.source(),
        pairs.folds(), embeddings.size() + failed.size(), failed, skipped, genuine, impostors, face.metric(), reports);
  }

  private static void embed(FaceEngine engine, List<Path> images, CalibrationOptions options,
      Map<Path, List<float[]>> out, Map<String, String> failed) {
    FaceOptions face = options.faceOptions();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.threads(), Math.max(1, images.size())),
        r -> {
          Thread t = new Thread(r, "deepface-calibrate");
          t.setDaemon(true);
          return t;
        });
    Map<String, String> failures = new ConcurrentHashMap<>();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Path image : images) {
        futures.add(pool.submit(() -> {
          try {
            List<Representation> reps = engine.represent(ImageInput.of(image), face);
            out.put(image, reps.stream().map(Representation::embedding).toList());
          } catch (DeepFaceException e) {
            failures.put(image.toString(), e.getMessage());
          }
          options.progress().progress(done.incrementAndGet(), images.size());
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CalibrationException("calibration was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new CalibrationException("embedding failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    failed.putAll(failures);
  }

  private static void checkFolds(List<Calibration.Pair> pairs, int folds, long skipped, Map<String, String> failed) {
    for (int f = 1; f <= folds; f++) {
      final int fold = f;
      long same = pairs.stream().filter(p -> p.fold() == fold && p.same()).count();
      long diff = pairs.stream().filter(p -> p.fold() == fold && !p.same()).count();
      if (same == 0 || diff == 0) {
        throw new CalibrationException("fold " + f + " has " + same + " same-person and " + diff
            + " different-person pairs left (" + skipped + " pairs skipped because " + failed.size()
            + " photos gave no face" + (failed.isEmpty() ? "" : ", for example " + failed.keySet().iterator().next())
            + "); every fold needs both: use fewer folds or more pairs");
      }
    }
  }

  static CalibrationReport.MetricReport metricReport(DistanceMetric metric, List<Calibration.Pair> pairs, int folds,
      List<Double> fars) {
    double threshold = Calibration.bestThreshold(pairs);
    double[] foldAccuracy = Calibration.crossValidatedAccuracy(pairs);
    double[] foldThreshold = new double[folds];
    for (int f = 1; f <= folds; f++) {
      foldThreshold[f - 1] = Calibration.bestThreshold(others(pairs, f));
    }
    long impostors = pairs.stream().filter(p -> !p.same()).count();
    List<CalibrationReport.OperatingPoint> points = new ArrayList<>();
    for (double far : fars) {
      double t = Calibration.thresholdAtFar(pairs, far);
      long accepted = pairs.stream().filter(p -> !p.same() && p.distance() <= t).count();
      double[] farInterval = Calibration.wilsonInterval(accepted, impostors);
      double[] cvTar = new double[folds];
      double[] cvFar = new double[folds];
      for (int f = 1; f <= folds; f++) {
        double ft = Calibration.thresholdAtFar(others(pairs, f), far);
        List<Calibration.Pair> test = only(pairs, f);
        cvTar[f - 1] = Calibration.acceptRate(test, ft, true);
        cvFar[f - 1] = Calibration.acceptRate(test, ft, false);
      }
      double mean = Calibration.mean(cvTar);
      double half = studentT975(folds - 1) * Calibration.std(cvTar) / Math.sqrt(folds);
      points.add(new CalibrationReport.OperatingPoint(far, t, Calibration.acceptRate(pairs, t, true),
          impostors == 0 ? 0 : (double) accepted / impostors, farInterval[0], farInterval[1], mean,
          Math.max(0, mean - half), Math.min(1, mean + half), Calibration.mean(cvFar), impostors * far >= 10));
    }
    return new CalibrationReport.MetricReport(metric, threshold, Calibration.std(foldThreshold),
        Calibration.mean(foldAccuracy), Calibration.std(foldAccuracy), Calibration.rocAuc(pairs),
        Calibration.equalErrorRate(pairs), Calibration.logisticScale(pairs, threshold), points, RocCurve.of(pairs));
  }

  private static List<Calibration.Pair> others(List<Calibration.Pair> pairs, int fold) {
    return pairs.stream().filter(p -> p.fold() != fold).toList();
  }

  private static List<Calibration.Pair> only(List<Calibration.Pair> pairs, int fold) {
    return pairs.stream().filter(p -> p.fold() == fold).toList();
  }

  /** The 97.5 % quantile of Student's t with {@code df} degrees of freedom (two-sided 95 % interval). */
  static double studentT975(int df) {
    double[] table = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086};
    if (df < 1) {
      return Double.NaN;
    }
    return df <= table.length ? table[df - 1] : 1.96 + 2.4 / df;
  }
}
