package io.deepface.opencv;

import io.deepface.DeepFaceException;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.FaceAttribute;
import io.deepface.analysis.HeadPose;
import io.deepface.components.Landmarks68Model;
import io.deepface.face.DetectedFace;
import io.deepface.face.Point;
import io.deepface.image.RgbImage;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.ComponentInfo;
import java.util.List;
import java.util.Set;
import org.opencv.calib3d.Calib3d;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.MatOfPoint3f;
import org.opencv.core.Point3;

/**
 * The {@code opencv-pose} attribute model: head pose from facial landmarks by perspective-n-point, the
 * classic OpenCV approach ("Head Pose Estimation using OpenCV and Dlib", learnopencv.com), as an alternative
 * to the HopeNet network of {@code faceplugin-pose}.
 *
 * <p>Steps: the 68 landmarks of {@link Landmarks68Model} (faceplugin's {@code fr_landmark}, run in OpenCV
 * DNN); six of them (nose tip 30, chin 8, outer eye corners 36 and 45, mouth corners 48 and 54) matched to
 * the tutorial's generic 3D face model; {@code Calib3d.solvePnP} (iterative, Levenberg-Marquardt) for a
 * pinhole camera whose focal length is the image width and whose centre is the image centre, no lens
 * distortion; the rotation decomposed as {@code R = Rz(roll) Ry(yaw) Rx(-pitch)} in camera axes (x right,
 * y down, z away from the camera), so roll is exactly the in-plane turn of the face.
 *
 * <p>Signs and units are those of {@link HeadPose} (degrees; yaw &gt; 0 when the face turns towards the
 * image's left, pitch &gt; 0 chin up, roll &gt; 0 clockwise in the image). A generic 3D model and six points
 * give a coarser pose than HopeNet, and its pitch has its own offset: compared on the same LFW faces in this
 * module's tests, see {@code SolvePnpHeadPoseTest}.
 *
 * <p>Thread-safe: the landmark runner is, and solvePnP works on per-call matrices.
 */
final class SolvePnpHeadPoseModel implements AttributeModel {
  /** iBUG 68-point indices used, in the order of {@link #MODEL_POINTS}. */
  static final int[] LANDMARKS = {30, 8, 36, 45, 48, 54};

  /**
   * The tutorial's generic face, in its units (about millimetres), turned into camera axes: x to the image's
   * right, y down, z away from the camera; the face looks at the camera (towards -z), the nose tip at the
   * origin.
   */
  static final Point3[] MODEL_POINTS = {
      new Point3(0, 0, 0), // nose tip
      new Point3(0, 330, 65), // chin
      new Point3(-225, -170, 135), // outer corner of the eye on the image's left (the person's right eye)
      new Point3(225, -170, 135), // outer corner of the other eye
      new Point3(-150, 150, 125), // mouth corner on the image's left
      new Point3(150, 150, 125)}; // mouth corner on the image's right

  private final ComponentInfo info;
  private final TensorRunner landmarkRunner;
  private final Landmarks68Model landmarks;

  SolvePnpHeadPoseModel(ComponentInfo info, TensorRunner landmarkRunner) {
    this.info = info;
    this.landmarkRunner = landmarkRunner;
    this.landmarks = new Landmarks68Model(landmarkRunner);
  }

  @Override
  public ComponentInfo info() {
    return info;
  }

  @Override
  public Set<FaceAttribute> attributes() {
    return Set.of(FaceAttribute.POSE);
  }

  @Override
  public List<AttributeValue> predict(RgbImage image, DetectedFace face) {
    List<Point> p68 = landmarks.predict(image, face.box());
    return List.of(pose(p68, image.width(), image.height()));
  }

  /** The head pose that projects {@link #MODEL_POINTS} onto these 68 landmarks in a {@code width x height} image. */
  static HeadPose pose(List<Point> p68, int width, int height) {
    org.opencv.core.Point[] image = new org.opencv.core.Point[LANDMARKS.length];
    for (int i = 0; i < LANDMARKS.length; i++) {
      Point p = p68.get(LANDMARKS[i]);
      image[i] = new org.opencv.core.Point(p.x(), p.y());
    }
    MatOfPoint3f object = new MatOfPoint3f(MODEL_POINTS);
    MatOfPoint2f projected = new MatOfPoint2f(image);
    Mat camera = Mat.eye(3, 3, CvType.CV_64F);
    MatOfDouble distortion = new MatOfDouble(0, 0, 0, 0);
    Mat rvec = new Mat();
    Mat tvec = new Mat();
    Mat r = new Mat();
    try {
      double f = width;
      camera.put(0, 0, f, 0, width / 2.0, 0, f, height / 2.0, 0, 0, 1);
      if (!Calib3d.solvePnP(object, projected, camera, distortion, rvec, tvec, false, Calib3d.SOLVEPNP_ITERATIVE)) {
        throw new DeepFaceException("solvePnP found no head pose for landmarks " + p68);
      }
      Calib3d.Rodrigues(rvec, r);
      double[] m = new double[9];
      r.get(0, 0, m);
      return fromRotation(m);
    } finally {
      Mats.release(object, projected, camera, distortion, rvec, tvec, r);
    }
  }

  /**
   * Yaw, pitch and roll of a row-major rotation matrix (model to camera axes), for
   * {@code R = Rz(roll) Ry(yaw) Rx(-pitch)}: yaw = asin(-R20), pitch = -atan2(R21, R22), roll = atan2(R10, R00).
   */
  static HeadPose fromRotation(double[] m) {
    double yaw = Math.asin(Math.max(-1, Math.min(1, -m[6])));
    double pitch = -Math.atan2(m[7], m[8]);
    double roll = Math.atan2(m[3], m[0]);
    return new HeadPose(Math.toDegrees(yaw), Math.toDegrees(pitch), Math.toDegrees(roll));
  }

  @Override
  public void close() {
    landmarkRunner.close();
  }
}
