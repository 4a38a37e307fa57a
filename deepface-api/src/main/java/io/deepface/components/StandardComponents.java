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

  /** Name of the fused embedder. */
  public static final String FUSION = "fusion";

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
        new Definition(ComponentKind.DETECTOR, "yunet", "YuNet (libfacedetection): boxes and 5 landmarks; the fastest",
            List.of(YuNetDetector.MODEL), (info, l) -> new YuNetDetector(info, l.load(YuNetDetector.MODEL))),
        new Definition(ComponentKind.DETECTOR, "retinaface",
            "RetinaFace MobileNet-0.25: boxes and 5 landmarks (most accurate alignment)",
            List.of(RetinaFaceDetector.MODEL), (info, l) -> new RetinaFaceDetector(info, l.load(RetinaFaceDetector.MODEL))),
        new Definition(ComponentKind.DETECTOR, "retinaface-yunet",
            "RetinaFace, plus on photos scaled down the small faces YuNet finds, placed by RetinaFace where it can:"
                + " recall of YuNet, alignment of RetinaFace; the default",
            List.of(RetinaFaceDetector.MODEL, YuNetDetector.MODEL), (info, l) -> new RetinaFaceYuNetDetector(info,
                new RetinaFaceDetector(part(info, "retinaface"), l.load(RetinaFaceDetector.MODEL),
                    RetinaFaceYuNetDetector.SIDE),
                new YuNetDetector(part(info, "yunet"), l.load(YuNetDetector.MODEL), RetinaFaceYuNetDetector.SIDE))),
        new Definition(ComponentKind.DETECTOR, "ultraface",
            "Ultra-Light RFB-320 (faceplugin fr_detect) boxes, 5 landmarks from faceplugin's 68-point model",
            List.of(UltraFaceDetector.MODEL, Landmarks68Model.MODEL),
            (info, l) -> new UltraFaceDetector(info, l.load(UltraFaceDetector.MODEL), l.load(Landmarks68Model.MODEL))),
        new Definition(ComponentKind.DETECTOR, "blazeface",
            "MediaPipe BlazeFace long range (256x256): boxes, eyes and nose; finds small faces in group photos",
            List.of(BlazeFaceDetector.Variant.BACK.model()), (info, l) -> new BlazeFaceDetector(info,
                BlazeFaceDetector.Variant.BACK, l.load(BlazeFaceDetector.Variant.BACK.model()))),
        new Definition(ComponentKind.DETECTOR, "blazeface-front",
            "MediaPipe BlazeFace short range (128x128): boxes, eyes and nose; for close-ups, misses small faces",
            List.of(BlazeFaceDetector.Variant.FRONT.model()), (info, l) -> new BlazeFaceDetector(info,
                BlazeFaceDetector.Variant.FRONT, l.load(BlazeFaceDetector.Variant.FRONT.model()))));
  }

  private static List<Definition> embedders() {
    return List.of(
        embedder("faceplugin-512", "ArcFace-style 512-d embedding (faceplugin fr_feature)", FACEPLUGIN_512),
        embedder("mobilefacenet-128", "MobileFaceNet 128-d embedding", MOBILEFACENET_128),
        new Definition(ComponentKind.EMBEDDER, FUSION, "faceplugin-512 and mobilefacenet-128 fused (640-d, equal weights):"
            + " the most accurate on LFW; the default", List.of(FACEPLUGIN_512.modelId(), MOBILEFACENET_128.modelId()),
            (info, l) -> new FusedEmbedder(info, List.of(
                new AlignedFaceEmbedder(part(info, "faceplugin-512"), FACEPLUGIN_512, l.load(FACEPLUGIN_512.modelId())),
                new AlignedFaceEmbedder(part(info, "mobilefacenet-128"), MOBILEFACENET_128, l.load(MOBILEFACENET_128.modelId()))),
                new double[] {0.5, 0.5})));
  }

  private static ComponentInfo part(ComponentInfo whole, String name) {
    return new ComponentInfo(whole.kind(), name, whole.backend(), "part of " + whole.name(), List.of());
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
            (info, l) -> new MiniFasNetModel(info, l.load(MiniFasNetModel.V2_MODEL), l.load(MiniFasNetModel.V1SE_MODEL))),
        imageModel("gear", "Age, gender and race (GEAR, human-models; TF.js converted); the default for race",
            AttributeModelSpecs.GEAR),
        imageModel("faceres", "Age and gender (HSE FaceRes, human-models; TF.js converted)", AttributeModelSpecs.FACERES),
        imageModel("faceres-deep", "Age and gender (HSE FaceRes deep, human-models; TF.js converted)",
            AttributeModelSpecs.FACERES_DEEP),
        imageModel("oarriaga-emotion", "Seven emotions (oarriaga mini-Xception on FER-2013; TF.js converted)",
            AttributeModelSpecs.OARRIAGA_EMOTION),
        imageModel("oarriaga-gender", "Gender (oarriaga CNN on IMDB; TF.js converted)", AttributeModelSpecs.OARRIAGA_GENDER),
        imageModel("ssrnet-gender", "Gender (SSR-Net on IMDB; TF.js converted)", AttributeModelSpecs.SSRNET_GENDER),
        imageModel("ssrnet-age", "Age (SSR-Net, human-models; TF.js converted)", AttributeModelSpecs.SSRNET_AGE),
        imageModel("faceapi-age-gender", "Age and gender (face-api.js TinyXception; weights rebuilt as ONNX)",
            AttributeModelSpecs.FACEAPI_AGE_GENDER),
        imageModel("faceapi-expression", "Seven emotions (face-api.js expression net; weights rebuilt as ONNX); the default",
            AttributeModelSpecs.FACEAPI_EXPRESSION),
        new Definition(ComponentKind.ATTRIBUTE, AttributeModelSpecs.FACERES_FACEAPI,
            "Age and gender: faceres-deep and faceapi-age-gender averaged, calibrated; the default",
            List.of(AttributeModelSpecs.FACERES_DEEP.modelId(), AttributeModelSpecs.FACEAPI_AGE_GENDER.modelId()),
            (info, l) -> new EnsembleAttributeModel(info, List.of(
                rawPart(info, "faceres-deep", AttributeModelSpecs.FACERES_DEEP, l),
                rawPart(info, "faceapi-age-gender", AttributeModelSpecs.FACEAPI_AGE_GENDER, l)),
                AttributeModelSpecs.FACERES_FACEAPI_WEIGHTS, AttributeModelSpecs.calibration(AttributeModelSpecs.FACERES_FACEAPI))));
  }

  /** A member of an ensemble: its recipe without its own calibration (the ensemble calibrates the mean). */
  private static ImageAttributeModel rawPart(ComponentInfo ensemble, String name, ImageAttributeModel.Spec spec,
      ModelLoader loader) {
    ComponentInfo info = new ComponentInfo(ComponentKind.ATTRIBUTE, name, ensemble.backend(), "part of " + ensemble.name(),
        List.of(spec.modelId()));
    return new ImageAttributeModel(info, spec.withCalibration(AttributeCalibration.NONE), loader.load(spec.modelId()));
  }

  private static Definition imageModel(String name, String description, ImageAttributeModel.Spec spec) {
    return new Definition(ComponentKind.ATTRIBUTE, name, description, List.of(spec.modelId()),
        (info, l) -> new ImageAttributeModel(info, spec, l.load(spec.modelId())));
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
