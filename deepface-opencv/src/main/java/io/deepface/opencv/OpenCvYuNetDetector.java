package io.deepface.opencv;

import io.deepface.DeepFaceException;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.FaceDetector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.objdetect.FaceDetectorYN;

/**
 * The {@code yunet} detector of the OpenCV backend: OpenCV's own {@code FaceDetectorYN} with YuNet's 2023mar
 * model ({@value #MODEL}, byte-identical to OpenCV Zoo's {@code face_detection_yunet_2023mar.onnx}), as
 * DeepFace's {@code yunet} detector runs it. Note that the ONNX backend's {@code yunet} runs a different
 * file ({@code yunet_n_dynamic}, the smaller YuNet-n) through this library's own decoder.
 *
 * <p>Preprocessing as the other YuNet: images larger than {@value #MAX_SIDE} pixels on their long side are
 * scaled down (with this library's resampling), then {@code FaceDetectorYN} pads them to a multiple of 32,
 * runs the network, decodes score {@code sqrt(cls * obj)}, boxes and five points, and applies NMS at IoU
 * {@value #NMS_IOU}. Points come in the order right eye (image left), left eye, nose, right and left mouth
 * corner, which is already the subject-side naming of {@link FaceLandmarks}.
 *
 * <p>Thread-safe: {@code FaceDetectorYN} holds its input size and threshold, so each concurrent call borrows
 * its own instance from a small pool ({@link InstancePool}).
 */
final class OpenCvYuNetDetector implements FaceDetector {
  static final String MODEL = "libfacedetection/yunet_s_640_640.onnx";
  static final int MAX_SIDE = 640;
  static final float NMS_IOU = 0.3f;
  private static final int TOP_K = 5000;

  private final ComponentInfo info;
  private final InstancePool<FaceDetectorYN> pool;

  OpenCvYuNetDetector(ComponentInfo info, Path model, int instances) {
    OpenCvNatives.load();
    this.info = info;
    this.pool = new InstancePool<>("the opencv yunet detector", instances,
        () -> FaceDetectorYN.create(model.toString(), "", new Size(MAX_SIDE, MAX_SIDE), 0.6f, NMS_IOU, TOP_K), d -> { });
  }

  @Override
  public ComponentInfo info() {
    return info;
  }

  @Override
  public double defaultConfidence() {
    return 0.6;
  }

  @Override
  public List<DetectedFace> detect(RgbImage image, double minConfidence) {
    if (minConfidence > 1) {
      return List.of();
    }
    double s = Math.min(1, (double) MAX_SIDE / Math.max(image.width(), image.height()));
    int w = Math.max(1, (int) Math.round(image.width() * s));
    int h = Math.max(1, (int) Math.round(image.height() * s));
    RgbImage in = w == image.width() && h == image.height() ? image : ImageOps.resize(image, w, h);
    double kx = (double) image.width() / w;
    double ky = (double) image.height() / h;
    Mat bgr = Mats.bgr(in);
    Mat rows = new Mat();
    try {
      pool.with(d -> {
        d.setInputSize(new Size(w, h));
        d.setScoreThreshold((float) Math.max(0, minConfidence));
        return d.detect(bgr, rows);
      });
      List<DetectedFace> faces = new ArrayList<>(rows.rows());
      if (rows.rows() > 0) {
        if (rows.type() != CvType.CV_32FC1 || rows.cols() != 15) {
          throw new DeepFaceException("FaceDetectorYN returned " + rows + ", expected N x 15 float rows");
        }
        float[] v = new float[15];
        for (int r = 0; r < rows.rows(); r++) {
          rows.get(r, 0, v);
          if (!sound(v)) {
            continue; // Uninitialised memory: OpenCV DNN mishandles inputs below the network's stride.
          }
          Point[] p = new Point[5];
          for (int k = 0; k < 5; k++) {
            p[k] = new Point(v[4 + 2 * k] * kx, v[5 + 2 * k] * ky);
          }
          double score = Math.max(0, Math.min(1, v[14]));
          if (score < minConfidence) {
            continue;
          }
          faces.add(new DetectedFace(new FaceBox(v[0] * kx, v[1] * ky, Math.max(0, v[2]) * kx, Math.max(0, v[3]) * ky),
              score, new FaceLandmarks(p[0], p[1], p[2], p[3], p[4])));
        }
      }
      faces.sort(Comparator.comparingDouble(DetectedFace::confidence).reversed());
      return faces;
    } finally {
      Mats.release(bgr, rows);
    }
  }

  /** A row a working network can give: every value finite, the score in [0, 1]. */
  static boolean sound(float[] row) {
    for (float x : row) {
      if (!Float.isFinite(x)) {
        return false;
      }
    }
    return row[14] >= 0 && row[14] <= 1;
  }

  @Override
  public void close() {
    pool.close();
  }
}
