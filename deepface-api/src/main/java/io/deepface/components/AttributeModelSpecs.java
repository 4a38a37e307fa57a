package io.deepface.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepface.analysis.FaceAttribute;
import io.deepface.components.FaceCrop.Mode;
import io.deepface.components.ImageAttributeModel.Spec;
import io.deepface.components.InputFormat.Channels;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The recipes of the attribute models converted from TF.js: the graph, its input, the face crop it sees, whether
 * its mirror image is averaged in, how its outputs are read, and the calibration applied to them. Input scaling
 * follows each model's reference code (human's {@code src/gear} and {@code src/face/faceres.ts}, face-api's nets,
 * HSE's and SSR-Net's upstream code). The crops were chosen, and the calibrations ({@code attribute-calibration.json})
 * fitted, on the labelled development sets by {@code deepface-benchmarks}' {@code AttributeSurvey} and
 * {@code AttributeEvaluation}; the README's attribute section has the figures.
 */
public final class AttributeModelSpecs {
  private static final float[] IMAGENET_BGR_MEAN = {-103.939f, -116.779f, -123.68f};
  private static final String CALIBRATION_RESOURCE = "attribute-calibration.json";
  private static final Map<String, AttributeCalibration> CALIBRATIONS = loadCalibrations();

  /** GEAR (human's {@code gear}): age, gender and race from one 198x198 RGB crop scaled to 0..1. */
  public static final Spec GEAR = spec("gear", "human/gear.onnx", "input_1", FaceCrop.of(Mode.SQUARE, 1.0),
      InputFormat.nhwc(198, Channels.RGB, 1 / 255f, 0, 0, 0), Set.of(FaceAttribute.AGE, FaceAttribute.GENDER,
          FaceAttribute.RACE), AttributeDecoders::gear);

  /** HSE FaceRes (human's {@code faceres}): age and gender; 224x224, BGR minus the ImageNet means (HSE's own input). */
  public static final Spec FACERES = spec("faceres", "human/faceres.onnx", "input_1", FaceCrop.of(Mode.LANDMARKS, 1.25),
      InputFormat.nhwc(224, Channels.BGR, 1f, IMAGENET_BGR_MEAN), Set.of(FaceAttribute.AGE, FaceAttribute.GENDER),
      AttributeDecoders::faceRes);

  /** HSE FaceRes, the deeper network (human's {@code faceres-deep}); same input and outputs as {@link #FACERES}. */
  public static final Spec FACERES_DEEP = spec("faceres-deep", "human/faceres-deep.onnx", "input_1",
      FaceCrop.of(Mode.LANDMARKS, 1.25), InputFormat.nhwc(224, Channels.BGR, 1f, IMAGENET_BGR_MEAN),
      Set.of(FaceAttribute.AGE, FaceAttribute.GENDER), AttributeDecoders::faceRes);

  /** oarriaga's mini-Xception on FER-2013 (human's {@code emotion}): 64x64 grey in [-1, 1], DeepFace's seven labels. */
  public static final Spec OARRIAGA_EMOTION = spec("oarriaga-emotion", "human/emotion.onnx", "input_1",
      FaceCrop.of(Mode.SQUARE, 1.0), InputFormat.nhwc(64, Channels.GREY, 2 / 255f, -1f), Set.of(FaceAttribute.EMOTION),
      out -> AttributeDecoders.emotion(out, "Identity"));

  /** oarriaga's gender CNN on IMDB (human's {@code gender}): 64x64 grey in [-1, 1], {@code [woman, man]}. */
  public static final Spec OARRIAGA_GENDER = spec("oarriaga-gender", "human/gender.onnx", "input_1",
      FaceCrop.of(Mode.SQUARE, 1.7), InputFormat.nhwc(64, Channels.GREY, 2 / 255f, -1f), Set.of(FaceAttribute.GENDER),
      out -> AttributeDecoders.genderSoftmax(out, "Identity", 1));

  /** SSR-Net gender trained on IMDB ({@code gender-ssrnet-imdb}): 64x64 colour 0..255, one score (1 = man). */
  public static final Spec SSRNET_GENDER = spec("ssrnet-gender", "human/gender-ssrnet-imdb.onnx", "input_4",
      FaceCrop.of(Mode.SQUARE, 2.0), InputFormat.nhwc(64, Channels.BGR, 1f, 0, 0, 0), Set.of(FaceAttribute.GENDER),
      out -> AttributeDecoders.genderScore(out, "Identity"));

  /** SSR-Net age (human's {@code age}): 64x64 colour 0..255, years. */
  public static final Spec SSRNET_AGE = spec("ssrnet-age", "human/age.onnx", "input_1", FaceCrop.of(Mode.SQUARE, 2.0),
      InputFormat.nhwc(64, Channels.BGR, 1f, 0, 0, 0), Set.of(FaceAttribute.AGE),
      out -> AttributeDecoders.ageYears(out, "Identity"));

  /** face-api's age and gender net (TinyXception): 112x112 RGB 0..255 (the graph normalises). */
  public static final Spec FACEAPI_AGE_GENDER = spec("faceapi-age-gender", "face-api/age_gender_model.onnx", "input",
      FaceCrop.of(Mode.SQUARE, 1.0), InputFormat.nhwc(112, Channels.RGB, 1f, 0, 0, 0),
      Set.of(FaceAttribute.AGE, FaceAttribute.GENDER), AttributeDecoders::faceApiAgeGender);

  /** face-api's expression net: 112x112 RGB 0..255, seven expressions mapped to DeepFace's labels. */
  public static final Spec FACEAPI_EXPRESSION = spec("faceapi-expression", "face-api/face_expression_model.onnx", "input",
      FaceCrop.of(Mode.SQUARE, 0.95), InputFormat.nhwc(112, Channels.RGB, 1f, 0, 0, 0), Set.of(FaceAttribute.EMOTION),
      AttributeDecoders::faceApiExpressions);

  /** The default age and gender model: FaceRes-deep and face-api, averaged 0.65 : 0.35, then calibrated. */
  public static final String FACERES_FACEAPI = "faceres-faceapi";
  /** The weights of {@link #FACERES_DEEP} and {@link #FACEAPI_AGE_GENDER} in {@link #FACERES_FACEAPI}. */
  static final double[] FACERES_FACEAPI_WEIGHTS = {0.65, 0.35};

  private AttributeModelSpecs() {}

  /** A component's recipe, each averaging its mirror image in, with the component's shipped calibration. */
  private static Spec spec(String component, String modelId, String input, FaceCrop crop, InputFormat format,
      Set<FaceAttribute> attributes, ImageAttributeModel.OutputDecoder decoder) {
    return new Spec(modelId, input, crop, format, attributes, decoder, true, calibration(component));
  }

  /** The shipped calibration of {@code component} (an attribute model's name), or none. */
  public static AttributeCalibration calibration(String component) {
    return CALIBRATIONS.getOrDefault(component, AttributeCalibration.NONE);
  }

  private static Map<String, AttributeCalibration> loadCalibrations() {
    try (InputStream in = AttributeModelSpecs.class.getResourceAsStream(CALIBRATION_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + CALIBRATION_RESOURCE + " is missing beside " + AttributeModelSpecs.class);
      }
      Map<String, AttributeCalibration> out = new HashMap<>();
      new ObjectMapper().readTree(in).path("components").properties().forEach(e -> out.put(e.getKey(),
          parse(e.getValue())));
      return Map.copyOf(out);
    } catch (IOException e) {
      // The resource is part of this jar: failing to read it is a broken installation, not bad input.
      throw new IllegalStateException("cannot read " + CALIBRATION_RESOURCE + " from the deepface-api jar", e);
    }
  }

  private static AttributeCalibration parse(JsonNode c) {
    GenderCalibration gender = c.has("gender")
        ? new GenderCalibration(c.path("gender").path("a").asDouble(), c.path("gender").path("b").asDouble()) : null;
    AgeCalibration age = null;
    if (c.has("age")) {
      double[] from = new double[c.path("age").path("from").size()];
      double[] to = new double[from.length];
      for (int i = 0; i < from.length; i++) {
        from[i] = c.path("age").path("from").get(i).asDouble();
        to[i] = c.path("age").path("to").get(i).asDouble();
      }
      age = new AgeCalibration(from, to);
    }
    return new AttributeCalibration(gender, age);
  }
}
