package io.deepface.components;

import io.deepface.face.DetectedFace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression. */
public final class Nms {
  private Nms() {}

  /**
   * Keeps the highest-scoring face and drops every other whose box overlaps it by more than
   * {@code iouThreshold}, repeatedly. Returns faces sorted by confidence, highest first.
   */
  public static List<DetectedFace> suppress(List<DetectedFace> faces, double iouThreshold) {
    List<DetectedFace> sorted = new ArrayList<>(faces);
    sorted.sort(Comparator.comparingDouble(DetectedFace::confidence).reversed());
    List<DetectedFace> kept = new ArrayList<>();
    boolean[] dropped = new boolean[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      if (dropped[i]) {
        continue;
      }
      DetectedFace f = sorted.get(i);
      kept.add(f);
      for (int j = i + 1; j < sorted.size(); j++) {
        if (!dropped[j] && f.box().iou(sorted.get(j).box()) > iouThreshold) {
          dropped[j] = true;
        }
      }
    }
    return kept;
  }
}
