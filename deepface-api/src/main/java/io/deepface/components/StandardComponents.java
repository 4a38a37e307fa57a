package io.deepface.components;

import io.deepface.analysis.FaceAttribute;
import io.deepface.runtime.ImageTensors;
import io.deepface.spi.AlignmentSpec;
import io.deepface.spi.Component;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.ComponentKind;
import java.util.List;
import java.util.Optional;

/**
 * The components whose pre- and post-processing live in this library and whose graphs any backend can
 * run: the one name -> implementation table, shared by every {@link RunnerBackend}.
 */
public final class StandardComponents {
  /** Creates a component from its description and the backend's model loader. */
  @FunctionalInterface
  public interface Factory {
    Component create(ComponentInfo info, ModelLoader loader);
  }

  /** One entry of the table. */
  public record Definition(ComponentKind kind, String name, String description, List<String> models, Factory factory) {}

  public static final AlignedFaceEmbedder.Spec FACEPLUGIN_512 = new AlignedFaceEmbedder.Spec(
      "faceplugin/fr_feature.onnx", "input", 512, AlignmentSpec.ARCFACE_112, ImageTensors.ChannelOrder.RGB, 127f, 128f, 1);
  public static final AlignedFaceEmbedder.Spec MOBILEFACENET_128 = new AlignedFaceEmbedder.Spec(
      "mobilefacenet/mobilefacenet.onnx", "input", 128, AlignmentSpec.ARCFACE_112, ImageTensors.ChannelOrder.RGB, 127.5f,
      128f, 32);

  private static final List<Definition> ALL = java.util.stream.Stream.of(detectors(), embedders(), attributeModels())
      .flatMap(List::stream).toList();

  private StandardComponents() {}

  private static List<Definition> detectors() {
    return List.of(
        new Definition(ComponentKind.DETECTOR, "yunet", "YuNet (libfacedetection): boxes and 5 landmarks; the default",
            List.of(YuNetDetector.MODEL), (info, l) -> new YuNetDetector(info, l.load(YuNetDetector.MODEL))));
  }

  private static List<Definition> embedders() {
    return List.of(
        embedder("faceplugin-512", "ArcFace-style 512-d embedding (faceplugin fr_feature); the default", FACEPLUGIN_512),
        embedder("mobilefacenet-128", "MobileFaceNet 128-d embedding", MOBILEFACENET_128));
  }

  private static List<Definition> attributeModels() {
    return List.of(
        new Definition(ComponentKind.ATTRIBUTE, "faceplugin-age", "Apparent age (faceplugin SSR-Net fr_age)",
            List.of(SsrNetModel.AGE_MODEL),
            (info, l) -> new SsrNetModel(info, FaceAttribute.AGE, l.load(SsrNetModel.AGE_MODEL))),
        new Definition(ComponentKind.ATTRIBUTE, "faceplugin-gender", "Apparent gender (faceplugin SSR-Net fr_gender)",
            List.of(SsrNetModel.GENDER_MODEL),
            (info, l) -> new SsrNetModel(info, FaceAttribute.GENDER, l.load(SsrNetModel.GENDER_MODEL))),
        new Definition(ComponentKind.ATTRIBUTE, "faceplugin-emotion", "Seven emotions (faceplugin fr_expression)",
            List.of(ExpressionModel.MODEL), (info, l) -> new ExpressionModel(info, l.load(ExpressionModel.MODEL))),
        new Definition(ComponentKind.ATTRIBUTE, "faceplugin-pose", "Head pose yaw, pitch, roll (faceplugin HopeNet fr_pose)",
            List.of(HeadPoseModel.MODEL), (info, l) -> new HeadPoseModel(info, l.load(HeadPoseModel.MODEL))),
        new Definition(ComponentKind.ATTRIBUTE, "faceplugin-landmarks", "68 facial landmarks (faceplugin fr_landmark)",
            List.of(Landmarks68Model.MODEL),
            (info, l) -> new LandmarksAttributeModel(info, l.load(Landmarks68Model.MODEL))),
        new Definition(ComponentKind.ATTRIBUTE, "faceplugin-eyes", "Eye open/closed per eye (faceplugin fr_eye on fr_landmark crops)",
            List.of(Landmarks68Model.MODEL, EyeStateModel.MODEL),
            (info, l) -> new EyeStateModel(info, l.load(Landmarks68Model.MODEL), l.load(EyeStateModel.MODEL))),
        new Definition(ComponentKind.ATTRIBUTE, "minifasnet", "Anti-spoofing (Silent-Face MiniFASNetV2 + MiniFASNetV1SE, as DeepFace)",
            List.of(MiniFasNetModel.V2_MODEL, MiniFasNetModel.V1SE_MODEL),
            (info, l) -> new MiniFasNetModel(info, l.load(MiniFasNetModel.V2_MODEL), l.load(MiniFasNetModel.V1SE_MODEL))));
  }

  private static Definition embedder(String name, String description, AlignedFaceEmbedder.Spec spec) {
    return new Definition(ComponentKind.EMBEDDER, name, description, List.of(spec.modelId()),
        (info, l) -> new AlignedFaceEmbedder(info, spec, l.load(spec.modelId())));
  }

  public static List<Definition> all() {
    return ALL;
  }

  public static Optional<Definition> find(ComponentKind kind, String name) {
    return ALL.stream().filter(d -> d.kind() == kind && d.name().equals(name)).findFirst();
  }
}
