package io.deepface;

import io.deepface.analysis.AntiSpoof;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.DetectedFace;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.spi.AttributeModel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DeepFace's {@code analyze}: the actions are grouped by the attribute model that computes them, every model is
 * resolved (and its attributes checked) before any face is detected, and each model predicts once per face. With
 * anti-spoofing on, the faces are checked first, and the check's results answer the spoof action when it uses the
 * same model.
 */
final class Analyzer {
  private final ComponentCache components;
  private final FacePipeline pipeline;

  Analyzer(ComponentCache components, FacePipeline pipeline) {
    this.components = components;
    this.pipeline = pipeline;
  }

  List<FaceAnalysis> analyze(ImageInput input, AnalyzeOptions analysis, FaceOptions options) {
    Map<String, List<FaceAttribute>> byModel = new LinkedHashMap<>();
    for (FaceAttribute action : analysis.actions()) {
      byModel.computeIfAbsent(analysis.modelFor(action), k -> new ArrayList<>()).add(action);
    }
    Map<AttributeModel, List<FaceAttribute>> models = new LinkedHashMap<>();
    for (Map.Entry<String, List<FaceAttribute>> e : byModel.entrySet()) {
      AttributeModel m = components.attributeModel(e.getKey());
      if (!m.attributes().containsAll(e.getValue())) {
        throw new DeepFaceException("attribute model " + e.getKey() + " reports " + m.attributes() + ", not "
            + e.getValue());
      }
      models.put(m, e.getValue());
    }
    RgbImage image = pipeline.decode(input);
    String what = input.description();
    List<DetectedFace> faces = pipeline.detect(image, what, options);
    List<AntiSpoof> spoof = options.antiSpoofing() ? pipeline.checkSpoofing(image, what, faces) : null;
    boolean reuseSpoof = spoof != null && FacePipeline.SPOOF_MODEL.equals(analysis.models().get(FaceAttribute.SPOOF));
    List<FaceAnalysis> out = new ArrayList<>(faces.size());
    for (int i = 0; i < faces.size(); i++) {
      DetectedFace face = faces.get(i);
      Map<FaceAttribute, AttributeValue> values = new EnumMap<>(FaceAttribute.class);
      if (reuseSpoof && analysis.actions().contains(FaceAttribute.SPOOF)) {
        values.put(FaceAttribute.SPOOF, spoof.get(i));
      }
      for (Map.Entry<AttributeModel, List<FaceAttribute>> e : models.entrySet()) {
        if (values.keySet().containsAll(e.getValue())) {
          continue;
        }
        for (AttributeValue v : e.getKey().predict(image, face)) {
          if (e.getValue().contains(v.attribute())) {
            values.put(v.attribute(), v);
          }
        }
      }
      if (!values.keySet().containsAll(analysis.actions())) {
        throw new DeepFaceException("attribute models returned " + values.keySet() + " for " + analysis.actions());
      }
      out.add(new FaceAnalysis(FacialArea.of(face), face.confidence(), values));
    }
    return out;
  }
}
