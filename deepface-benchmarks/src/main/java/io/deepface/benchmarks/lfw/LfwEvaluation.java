package io.deepface.benchmarks.lfw;

import io.deepface.align.AlignmentMode;
import io.deepface.verify.Calibration;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.Vectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The LFW protocol for one setting: pair distances as {@code verify} computes them (the closest pair of
 * faces across the two images), per-fold accuracy with the threshold chosen on the other folds, and the
 * statistics of the ROC.
 */
public final class LfwEvaluation {
  private LfwEvaluation() {}

  /** One setting's numbers. {@code threshold} and {@code scale} are chosen on all folds: what would ship. */
  public record Result(String detector, String model, AlignmentMode alignment, DistanceMetric metric, boolean flip,
      double[] foldAccuracy, double meanAccuracy, double stdAccuracy, double threshold, double scale, double rocAuc,
      double tarAtFar1e2, double tarAtFar1e3, int imagesWithoutFace, List<Calibration.Pair> pairs) {

    /** Pairs misjudged under cross-validation (each fold with the threshold from the others). */
    public long errors() {
      long pairsPerFold = pairs.size() / foldAccuracy.length;
      long wrong = 0;
      for (double acc : foldAccuracy) {
        wrong += Math.round((1 - acc) * pairsPerFold);
      }
      return wrong;
    }
  }

  public static Result evaluate(LfwPairs lfw, Map<Path, FaceEmbeddings.ImageFaces> faces, String detector, String model,
      AlignmentMode alignment, DistanceMetric metric, boolean flip) {
    List<Calibration.Pair> pairs = new ArrayList<>(lfw.pairs().size());
    for (LfwPairs.Pair p : lfw.pairs()) {
      pairs.add(new Calibration.Pair(distance(faces.get(p.first()), faces.get(p.second()), metric, flip), p.same(), p.fold()));
    }
    double[] folds = Calibration.crossValidatedAccuracy(pairs);
    double threshold = Calibration.bestThreshold(pairs);
    int noFace = (int) faces.values().stream().filter(f -> f.detected() == 0).count();
    return new Result(detector, model, alignment, metric, flip, folds, Calibration.mean(folds), Calibration.std(folds),
        threshold, Calibration.logisticScale(pairs, threshold), Calibration.rocAuc(pairs),
        Calibration.tarAtFar(pairs, 1e-2), Calibration.tarAtFar(pairs, 1e-3), noFace, pairs);
  }

  static double distance(FaceEmbeddings.ImageFaces a, FaceEmbeddings.ImageFaces b, DistanceMetric metric, boolean flip) {
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < a.plain().size(); i++) {
      float[] va = flip ? Vectors.flipCombined(a.plain().get(i), a.mirrored().get(i)) : a.plain().get(i);
      for (int j = 0; j < b.plain().size(); j++) {
        float[] vb = flip ? Vectors.flipCombined(b.plain().get(j), b.mirrored().get(j)) : b.plain().get(j);
        best = Math.min(best, metric.distance(va, vb));
      }
    }
    return best;
  }
}
