package io.deepface.opencv;

import io.deepface.components.Landmarks68Model;
import io.deepface.components.RunnerBackend;
import io.deepface.components.StandardComponents;
import io.deepface.model.ModelInfo;
import io.deepface.model.ModelLoadException;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.BackendContext;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.ComponentKind;
import io.deepface.spi.FaceDetector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.opencv.core.Core;
import org.opencv.core.CvException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenCV backend ({@code opencv}, rank 20: when the ONNX backend is also present, it wins for the
 * components both offer, unless {@code DEEPFACE_BACKEND} says otherwise). Runs on OpenCV's own Java API
 * ({@code org.opencv}) with the natives of {@code org.bytedeco:opencv}, loaded from the jar, offline.
 *
 * <p>It offers:
 * <ul>
 *   <li>the {@link StandardComponents} whose ONNX graphs OpenCV DNN imports and runs ({@code Dnn.readNetFromONNX},
 *       see {@link OpenCvDnnRunner}): detectors {@code retinaface}, {@code retinaface-yunet} (the default; its YuNet
 *       part is the standard YuNet-n graph in OpenCV DNN) and {@code ultraface}, every standard
 *       embedder and every standard attribute model. Not offered: {@code blazeface} and
 *       {@code blazeface-front} (OpenCV 4.13's DNN imports their graphs but fails to run their channel-padding
 *       max-pool), and the standard {@code yunet}, whose name this backend gives to OpenCV's own detector;
 *   <li>{@code opencv}: DeepFace's default detector, Haar cascades for the face and the eyes
 *       ({@link HaarCascadeDetector});
 *   <li>{@code yunet}: OpenCV's {@code FaceDetectorYN} with the 2023mar YuNet model
 *       ({@link OpenCvYuNetDetector});
 *   <li>{@code opencv-pose}: head pose from 68 landmarks by {@code Calib3d.solvePnP}
 *       ({@link SolvePnpHeadPoseModel}).
 * </ul>
 *
 * <p>Every component is thread-safe; OpenCV objects that are not are pooled (see {@link InstancePool} for the
 * pool size setting). When the engine asks for a number of intra-op threads, it is passed to
 * {@code Core.setNumThreads}, which in OpenCV is process-wide.
 */
public final class OpenCvBackend extends RunnerBackend {
  private static final Logger LOG = LoggerFactory.getLogger(OpenCvBackend.class);

  /** This backend's name. */
  public static final String NAME = "opencv";
  /** The Haar cascade detector. */
  public static final String HAAR_DETECTOR = "opencv";
  /** OpenCV's FaceDetectorYN. */
  public static final String YUNET_DETECTOR = "yunet";
  /** Head pose by solvePnP. */
  public static final String POSE_MODEL = "opencv-pose";

  /** Standard components that OpenCV DNN cannot run, or whose name this backend uses for its own. */
  static final Set<String> LEFT_OUT = Set.of("blazeface", "blazeface-front", "yunet");

  private static final List<StandardComponents.Definition> DEFINITIONS = StandardComponents.all().stream()
      .filter(d -> !(d.kind() == ComponentKind.DETECTOR && LEFT_OUT.contains(d.name()))).toList();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int rank() {
    return 20;
  }

  /** Loads OpenCV's natives; fails on platforms the OpenCV jar has no natives for. */
  @Override
  public void checkAvailable() {
    OpenCvNatives.load();
  }

  @Override
  protected List<StandardComponents.Definition> definitions() {
    return DEFINITIONS;
  }

  private volatile List<ComponentInfo> components;

  @Override
  public List<ComponentInfo> components() {
    List<ComponentInfo> c = components;
    if (c == null) {
      c = list();
      components = c;
    }
    return c;
  }

  private List<ComponentInfo> list() {
    List<ComponentInfo> all = new ArrayList<>(super.components());
    all.add(new ComponentInfo(ComponentKind.DETECTOR, HAAR_DETECTOR, NAME,
        "OpenCV Haar cascades (frontal face, eyes for the eye points), as DeepFace's default detector", List.of()));
    all.add(new ComponentInfo(ComponentKind.DETECTOR, YUNET_DETECTOR, NAME,
        "YuNet 2023mar through OpenCV's FaceDetectorYN: boxes and 5 landmarks", List.of(OpenCvYuNetDetector.MODEL)));
    all.add(new ComponentInfo(ComponentKind.ATTRIBUTE, POSE_MODEL, NAME,
        "Head pose yaw, pitch, roll by solvePnP of 68 landmarks (faceplugin fr_landmark) on a generic 3D face",
        List.of(Landmarks68Model.MODEL)));
    return List.copyOf(all);
  }

  private ComponentInfo own(ComponentKind kind, String name) {
    return components().stream().filter(c -> c.kind() == kind && c.name().equals(name)).findFirst().orElseThrow();
  }

  @Override
  public FaceDetector createDetector(String name, BackendContext context) {
    switch (name) {
      case HAAR_DETECTOR -> {
        threads(context);
        return new HaarCascadeDetector(own(ComponentKind.DETECTOR, name), InstancePool.defaultSize());
      }
      case YUNET_DETECTOR -> {
        threads(context);
        Path file = context.models().resolve(OpenCvYuNetDetector.MODEL);
        try {
          return new OpenCvYuNetDetector(own(ComponentKind.DETECTOR, name), file, InstancePool.defaultSize());
        } catch (CvException e) {
          throw new ModelLoadException(OpenCvYuNetDetector.MODEL, "OpenCV's FaceDetectorYN cannot load "
              + OpenCvYuNetDetector.MODEL + " (" + file + "): " + e.getMessage(), e);
        }
      }
      default -> {
        return super.createDetector(name, context);
      }
    }
  }

  @Override
  public AttributeModel createAttributeModel(String name, BackendContext context) {
    if (!name.equals(POSE_MODEL)) {
      return super.createAttributeModel(name, context);
    }
    ModelInfo model = context.models().info(Landmarks68Model.MODEL);
    TensorRunner runner = open(model, context.models().resolve(model.id()), context);
    return new SolvePnpHeadPoseModel(own(ComponentKind.ATTRIBUTE, name), runner);
  }

  @Override
  protected TensorRunner open(ModelInfo model, Path file, BackendContext context) {
    threads(context);
    return OpenCvDnnRunner.open(model, file, InstancePool.defaultSize());
  }

  private static void threads(BackendContext context) {
    OpenCvNatives.load();
    if (context.intraOpThreads() > 0 && Core.getNumThreads() != context.intraOpThreads()) {
      LOG.debug("Setting OpenCV's process-wide thread count to {}", context.intraOpThreads());
      Core.setNumThreads(context.intraOpThreads());
    }
  }
}
