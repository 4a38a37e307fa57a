package io.deepface.components;

import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import io.deepface.internal.Closeables;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.FaceDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * RetinaFace and YuNet together: on photos that must be scaled down, YuNet finds the faces (it misses fewer small
 * ones), RetinaFace places them (its landmarks align faces for recognition better: LFW 99.47 % against 99.03 % with
 * YuNet's), and a face RetinaFace is sure of is kept even where YuNet misses it.
 *
 * <p>Both models see the same letterboxed image, scaled down to {@value #SIDE} pixels on its long side as the default
 * detector always did (which keeps detection time on large photos within twice RetinaFace's alone). A photo that fits
 * is not scaled: RetinaFace then sees every face at full size, and this returns exactly what RetinaFace returns at
 * max(t, {@value #RETINAFACE_MIN}) for a threshold t. YuNet is not run: where nothing was shrunk, the faces it finds
 * and RetinaFace rejects measured as faces cut by the photo's edge and blurred background faces (386 on the 3811
 * lfw-dev photos), whose embeddings cost verification 0.3 points.
 *
 * <p>On a photo scaled down, each face YuNet finds, from the highest score down, takes the RetinaFace detection (score
 * at least {@value #GEOMETRY_MIN}) that overlaps it most, at IoU {@value #MATCH_IOU} or more: the face then has
 * RetinaFace's box and landmarks; a face without one keeps YuNet's. RetinaFace detections left over are kept when
 * they score at least {@value #RETINAFACE_MIN} (RetinaFace's own default). A face's confidence is YuNet's score, or
 * RetinaFace's where that is higher and at least {@value #RETINAFACE_MIN}; a threshold t therefore keeps every face
 * YuNet scores at least t and every face RetinaFace scores at least max(t, {@value #RETINAFACE_MIN}). Overlapping
 * results are merged by non-maximum suppression at IoU {@value #NMS_IOU}.
 */
public final class RetinaFaceYuNetDetector implements FaceDetector {
  /** The long side both models see. */
  public static final int SIDE = 640;
  static final double GEOMETRY_MIN = 0.5;
  static final double RETINAFACE_MIN = 0.9;
  static final double MATCH_IOU = 0.5;
  static final double NMS_IOU = 0.4;
  /**
   * The default threshold, on YuNet's scale: YuNet's published 0.6. Five-fold cross-validation on wider-dev (best
   * F1) picks 0.51-0.59 per fold and 0.59 on all photos; at 0.6 this detector makes 0.19 false detections per photo.
   */
  static final double DEFAULT_CONFIDENCE = 0.6;

  private final ComponentInfo info;
  private final RetinaFaceDetector retinaFace;
  private final YuNetDetector yuNet;

  /** Combines the two detectors, which must both scale photos to {@value #SIDE} pixels; closing this closes them. */
  public RetinaFaceYuNetDetector(ComponentInfo info, RetinaFaceDetector retinaFace, YuNetDetector yuNet) {
    if (retinaFace.maxSide() != SIDE || yuNet.maxSide() != SIDE) {
      throw new IllegalArgumentException("both detectors must scale photos to " + SIDE + " pixels, got "
          + retinaFace.maxSide() + " and " + yuNet.maxSide());
    }
    this.info = info;
    this.retinaFace = retinaFace;
    this.yuNet = yuNet;
  }

  @Override
  public ComponentInfo info() {
    return info;
  }

  /** {@value #DEFAULT_CONFIDENCE}, on YuNet's scale. */
  @Override
  public double defaultConfidence() {
    return DEFAULT_CONFIDENCE;
  }

  @Override
  public List<DetectedFace> detect(RgbImage image, double minConfidence) {
    Letterbox lb = retinaFace.letterbox(image);
    if (lb.scaleX() >= 1 && lb.scaleY() >= 1) {
      return retinaFace.detect(lb, Math.max(minConfidence, RETINAFACE_MIN));
    }
    List<DetectedFace> found = yuNet.detect(lb, minConfidence);
    List<DetectedFace> placed = retinaFace.detect(lb, GEOMETRY_MIN);
    boolean[] taken = new boolean[placed.size()];
    List<DetectedFace> out = new ArrayList<>(found.size() + placed.size());
    for (DetectedFace f : found) {
      int best = -1;
      double bestIou = MATCH_IOU;
      for (int k = 0; k < placed.size(); k++) {
        double iou = taken[k] ? 0 : placed.get(k).box().iou(f.box());
        if (iou >= bestIou) {
          bestIou = iou;
          best = k;
        }
      }
      if (best < 0) {
        out.add(f);
      } else {
        taken[best] = true;
        DetectedFace g = placed.get(best);
        double confidence = g.confidence() >= RETINAFACE_MIN ? Math.max(f.confidence(), g.confidence())
            : f.confidence();
        out.add(new DetectedFace(g.box(), confidence, g.landmarks()));
      }
    }
    for (int k = 0; k < placed.size(); k++) {
      DetectedFace g = placed.get(k);
      if (!taken[k] && g.confidence() >= Math.max(minConfidence, RETINAFACE_MIN)) {
        out.add(g);
      }
    }
    return Nms.suppress(out, NMS_IOU);
  }

  @Override
  public void close() {
    Closeables.closeAll(List.of(retinaFace, yuNet));
  }
}
