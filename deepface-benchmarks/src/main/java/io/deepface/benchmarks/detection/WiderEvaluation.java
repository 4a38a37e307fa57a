package io.deepface.benchmarks.detection;

import io.deepface.benchmarks.detection.WiderFaces.Difficulty;
import io.deepface.benchmarks.detection.WiderFaces.Face;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * WIDER FACE's evaluation protocol (as its official {@code evaluation.py}), for one subset: in each photo the
 * detections are taken from the highest score down; each is matched to the labelled face it overlaps most
 * (intersection over union, any face, scored or not). At IoU 0.5 or more with a face not scored in the subset
 * (ignored, or harder than the subset) the detection counts neither way; with a scored face it recalls that face
 * if no detection did before. Every other detection, duplicates included, is a false detection. Precision is
 * recalled faces over counted detections, recall is recalled faces over the subset's scored faces, and average
 * precision is the area under the precision envelope (VOC's all-point interpolation, as WIDER computes it).
 */
public final class WiderEvaluation {
  /** WIDER's overlap for a hit. */
  public static final double IOU = 0.5;

  /** One detection after matching: its score, whether it counts, and whether it recalled a face. */
  record Matched(double score, boolean counted, boolean recalled) {}

  /**
   * Counts at one confidence threshold.
   *
   * @param subset the subset scored
   * @param faces faces scored in the subset
   * @param recalled those found
   * @param detections counted detections (not matched to a face outside the subset)
   * @param images photos
   */
  public record Summary(Difficulty subset, int faces, int recalled, int detections, int images) {
    public double recall() {
      return faces == 0 ? 0 : (double) recalled / faces;
    }

    public int falseDetections() {
      return detections - recalled;
    }

    public double falsePerImage() {
      return images == 0 ? 0 : (double) falseDetections() / images;
    }

    public double precision() {
      return detections == 0 ? 1 : (double) recalled / detections;
    }
  }

  /**
   * A precision-recall curve: one point per distinct score, from the highest down.
   *
   * @param thresholds the scores, decreasing
   * @param recall recall with every detection scoring at least the threshold
   * @param precision precision likewise
   * @param averagePrecision the area under the precision envelope
   */
  public record Curve(Difficulty subset, double[] thresholds, double[] recall, double[] precision,
      double averagePrecision) {}

  private WiderEvaluation() {}

  /** Counts for {@code subset} when only the detections scoring at least {@code minScore} are kept. */
  public static Summary summary(WiderFaces set, List<List<DetectedFace>> detections, Difficulty subset,
      double minScore) {
    int recalled = 0;
    int counted = 0;
    for (Matched m : matchAll(set, detections, subset)) {
      if (m.score >= minScore) {
        counted += m.counted ? 1 : 0;
        recalled += m.recalled ? 1 : 0;
      }
    }
    return new Summary(subset, set.scored(subset), recalled, counted, set.images().size());
  }

  /** The precision-recall curve of {@code subset} over every threshold, with its average precision. */
  public static Curve curve(WiderFaces set, List<List<DetectedFace>> detections, Difficulty subset) {
    List<Matched> all = matchAll(set, detections, subset);
    all.sort(Comparator.comparingDouble(Matched::score).reversed());
    int faces = set.scored(subset);
    List<double[]> points = new ArrayList<>();
    int recalled = 0;
    int counted = 0;
    for (int i = 0; i < all.size(); i++) {
      Matched m = all.get(i);
      counted += m.counted ? 1 : 0;
      recalled += m.recalled ? 1 : 0;
      if (i + 1 == all.size() || all.get(i + 1).score < m.score) {
        points.add(new double[] {m.score, faces == 0 ? 0 : (double) recalled / faces,
            counted == 0 ? 1 : (double) recalled / counted});
      }
    }
    double[] t = points.stream().mapToDouble(p -> p[0]).toArray();
    double[] r = points.stream().mapToDouble(p -> p[1]).toArray();
    double[] p = points.stream().mapToDouble(q -> q[2]).toArray();
    return new Curve(subset, t, r, p, averagePrecision(r, p));
  }

  /**
   * The threshold with the highest F1 score (harmonic mean of precision and recall) on the {@code subset}: the
   * best balance of found faces against false detections. Candidates are 0.01 apart from {@code from} up to 1;
   * ties go to the lower threshold.
   */
  public static double bestF1Threshold(WiderFaces set, List<List<DetectedFace>> detections, Difficulty subset,
      double from) {
    List<Matched> all = matchAll(set, detections, subset);
    int faces = set.scored(subset);
    double best = from;
    double bestF1 = -1;
    for (int i = (int) Math.ceil(from * 100 - 1e-9); i <= 100; i++) {
      double t = i / 100.0;
      int recalled = 0;
      int counted = 0;
      for (Matched m : all) {
        if (m.score >= t) {
          counted += m.counted ? 1 : 0;
          recalled += m.recalled ? 1 : 0;
        }
      }
      double f1 = recalled == 0 ? 0 : 2.0 * recalled / (faces + counted);
      if (f1 > bestF1 + 1e-12) {
        bestF1 = f1;
        best = t;
      }
    }
    return best;
  }

  /**
   * Cross-validated threshold choice: the photos are dealt into {@code folds} folds (photo i into fold i mod folds);
   * each fold is scored at the {@link #bestF1Threshold} of the other folds. Returns the thresholds chosen per fold
   * and the held-out counts per subset, summed over the folds.
   */
  public static CrossValidation crossValidate(WiderFaces set, List<List<DetectedFace>> detections, int folds,
      double from) {
    double[] chosen = new double[folds];
    int[][] counts = new int[Difficulty.values().length][2];
    for (int f = 0; f < folds; f++) {
      List<WiderFaces.Photo> trainPhotos = new ArrayList<>();
      List<List<DetectedFace>> trainDetections = new ArrayList<>();
      List<WiderFaces.Photo> testPhotos = new ArrayList<>();
      List<List<DetectedFace>> testDetections = new ArrayList<>();
      for (int i = 0; i < set.images().size(); i++) {
        boolean test = i % folds == f;
        (test ? testPhotos : trainPhotos).add(set.images().get(i));
        (test ? testDetections : trainDetections).add(detections.get(i));
      }
      WiderFaces train = new WiderFaces(set.dir(), trainPhotos);
      WiderFaces test = new WiderFaces(set.dir(), testPhotos);
      chosen[f] = bestF1Threshold(train, trainDetections, Difficulty.HARD, from);
      for (Difficulty d : List.of(Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD)) {
        Summary s = summary(test, testDetections, d, chosen[f]);
        counts[d.ordinal()][0] += s.recalled();
        counts[d.ordinal()][1] += s.detections();
      }
    }
    return new CrossValidation(chosen, counts, set);
  }

  /**
   * A cross-validated threshold choice.
   *
   * @param thresholds the threshold chosen for each fold on the other folds
   * @param counts per {@link Difficulty} ordinal: held-out faces recalled and detections counted, over all folds
   */
  public record CrossValidation(double[] thresholds, int[][] counts, WiderFaces set) {
    public double recall(Difficulty d) {
      return (double) counts[d.ordinal()][0] / set.scored(d);
    }

    public double falsePerImage() {
      int[] c = counts[Difficulty.HARD.ordinal()];
      return (double) (c[1] - c[0]) / set.images().size();
    }
  }

  /** VOC all-point average precision: the area under the running maximum of precision from the right. */
  static double averagePrecision(double[] recall, double[] precision) {
    int n = recall.length;
    double[] mrec = new double[n + 2];
    double[] mpre = new double[n + 2];
    mrec[n + 1] = 1;
    for (int i = 0; i < n; i++) {
      mrec[i + 1] = recall[i];
      mpre[i + 1] = precision[i];
    }
    for (int i = n; i >= 1; i--) {
      mpre[i - 1] = Math.max(mpre[i - 1], mpre[i]);
    }
    double ap = 0;
    for (int i = 0; i <= n; i++) {
      if (mrec[i + 1] != mrec[i]) {
        ap += (mrec[i + 1] - mrec[i]) * mpre[i + 1];
      }
    }
    return ap;
  }

  private static List<Matched> matchAll(WiderFaces set, List<List<DetectedFace>> detections, Difficulty subset) {
    if (detections.size() != set.images().size()) {
      throw new IllegalArgumentException(detections.size() + " detection lists for " + set.images().size() + " photos");
    }
    List<Matched> out = new ArrayList<>();
    for (int i = 0; i < detections.size(); i++) {
      out.addAll(match(set.images().get(i).faces(), detections.get(i), subset));
    }
    return out;
  }

  /**
   * Recall of the subset's faces by width: {@code edges} are the bucket bounds in pixels (a face of width w falls in
   * bucket k when edges[k] <= w < edges[k + 1]; the last bucket is open). Returns, per bucket, faces and recalled.
   */
  public static int[][] recallByWidth(WiderFaces set, List<List<DetectedFace>> detections, Difficulty subset,
      double minScore, double[] edges) {
    int[][] out = new int[edges.length][2];
    for (int i = 0; i < detections.size(); i++) {
      List<Face> faces = set.images().get(i).faces();
      List<DetectedFace> kept = detections.get(i).stream().filter(d -> d.confidence() >= minScore).toList();
      boolean[] found = new boolean[faces.size()];
      match(faces, kept, subset, found);
      for (int k = 0; k < faces.size(); k++) {
        Face f = faces.get(k);
        if (!f.scoredIn(subset)) {
          continue;
        }
        int b = edges.length - 1;
        while (b > 0 && f.box().width() < edges[b]) {
          b--;
        }
        out[b][0]++;
        out[b][1] += found[k] ? 1 : 0;
      }
    }
    return out;
  }

  /**
   * Overlap as WIDER's evaluation computes it: corners (x, y) and (x + w, y + h) counted inclusively, so each box
   * is one pixel wider and taller than its size says (this matters for faces a few pixels wide).
   */
  static double iou(FaceBox a, FaceBox b) {
    double iw = Math.min(a.right(), b.right()) - Math.max(a.x(), b.x()) + 1;
    double ih = Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y()) + 1;
    if (iw <= 0 || ih <= 0) {
      return 0;
    }
    double inter = iw * ih;
    return inter / ((a.width() + 1) * (a.height() + 1) + (b.width() + 1) * (b.height() + 1) - inter);
  }

  /** One photo's detections matched to its faces, highest score first. */
  static List<Matched> match(List<Face> faces, List<DetectedFace> detections, Difficulty subset) {
    return match(faces, detections, subset, new boolean[faces.size()]);
  }

  /** As {@link #match(List, List, Difficulty)}, marking in {@code found} the faces recalled. */
  static List<Matched> match(List<Face> faces, List<DetectedFace> detections, Difficulty subset, boolean[] found) {
    List<DetectedFace> sorted = new ArrayList<>(detections);
    sorted.sort(Comparator.comparingDouble(DetectedFace::confidence).reversed());
    List<Matched> out = new ArrayList<>(sorted.size());
    for (DetectedFace d : sorted) {
      int best = -1;
      double bestIou = 0;
      for (int k = 0; k < faces.size(); k++) {
        double iou = iou(faces.get(k).box(), d.box());
        if (iou > bestIou) {
          bestIou = iou;
          best = k;
        }
      }
      boolean counted = true;
      boolean recalled = false;
      if (best >= 0 && bestIou >= IOU) {
        if (!faces.get(best).scoredIn(subset)) {
          counted = false;
        } else if (!found[best]) {
          found[best] = true;
          recalled = true;
        }
      }
      out.add(new Matched(d.confidence(), counted, recalled));
    }
    return out;
  }
}
