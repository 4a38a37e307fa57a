package io.deepface.examples.cli;

import io.deepface.examples.json.Json;
import io.deepface.examples.json.ResultJson;

import io.deepface.AnalyzeOptions;
import io.deepface.DeepFace;
import io.deepface.FaceAnalysis;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.analysis.AttributeNotAvailableException;
import io.deepface.analysis.FaceAttribute;
import io.deepface.draw.FaceAnnotator;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "analyze", mixinStandardHelpOptions = true, description = {
    "Age, gender, emotion, race, head pose, 68 landmarks, eye state and anti-spoofing of every face",
    "(DeepFace.analyze). Prints a JSON array, one object per face, with DeepFace's keys (age, gender,",
    "dominant_gender, emotion, dominant_emotion, race, dominant_race, region, face_confidence) and pose,",
    "landmarks, eyes, antispoof for those actions."})
final class AnalyzeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMG", description = "image file")
  Path image;

  @Option(names = "--actions", paramLabel = "LIST", defaultValue = "age,gender,emotion",
      description = "comma-separated: age, gender, emotion, race, pose, landmarks, eyes, spoof; default: ${DEFAULT-VALUE}")
  String actions;

  @Option(names = "--age-model", paramLabel = "NAME", description = "attribute model for age (see `components`)")
  String ageModel;

  @Option(names = "--gender-model", paramLabel = "NAME", description = "attribute model for gender")
  String genderModel;

  @Option(names = "--emotion-model", paramLabel = "NAME", description = "attribute model for emotion")
  String emotionModel;

  @Option(names = "--race-model", paramLabel = "NAME", description = "attribute model for race")
  String raceModel;

  @Option(names = "--annotate", paramLabel = "OUT.png", description = "also write the image with boxes, landmarks, pose axes and labels as PNG")
  Path annotate;

  @Option(names = "--detector", defaultValue = FaceOptions.DEFAULT_DETECTOR, description = "face detector; default: ${DEFAULT-VALUE}")
  String detector;

  @Option(names = "--enforce-detection", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "fail when no face is found (default); --no-enforce-detection analyses the whole image instead")
  boolean enforceDetection;

  @Option(names = "--anti-spoofing", description = "fail (exit 3) when a face is a spoof, as DeepFace's anti_spoofing=True")
  boolean antiSpoofing;

  @Mixin
  EngineOption engineOption;

  @Override
  public Integer call() {
    AnalyzeOptions analysis = analysisOptions();
    if (!Files.isRegularFile(image)) {
      throw new BadInputException("no such image file: " + image);
    }
    FaceOptions options = FaceOptions.builder().detector(detector).enforceDetection(enforceDetection)
        .antiSpoofing(antiSpoofing).build();
    FaceEngine engine = engineOption.engine();
    ImageInput input = ImageInput.of(image);
    RgbImage img = engine.decode(input);
    List<FaceAnalysis> faces = engine.analyze(ImageInput.of(img, input.description()), analysis, options);
    Json.print(spec.commandLine().getOut(), faces.stream().map(ResultJson::analysis).toList());
    spec.commandLine().getErr().println(Summaries.analysis(faces));
    if (annotate != null) {
      write(FaceAnnotator.annotate(img, faces), annotate);
    }
    return 0;
  }

  private AnalyzeOptions analysisOptions() {
    try {
      Set<FaceAttribute> set = AnalyzeOptions.parseActions(actions);
      AnalyzeOptions analysis = AnalyzeOptions.of(set);
      Map<FaceAttribute, String> chosen = new EnumMap<>(FaceAttribute.class);
      chosen.put(FaceAttribute.AGE, ageModel);
      chosen.put(FaceAttribute.GENDER, genderModel);
      chosen.put(FaceAttribute.EMOTION, emotionModel);
      chosen.put(FaceAttribute.RACE, raceModel);
      // An unknown model name fails when the engine looks it up, with the list of attribute models (exit 2).
      for (Map.Entry<FaceAttribute, String> e : chosen.entrySet()) {
        if (e.getValue() != null) {
          analysis = analysis.withModel(e.getKey(), e.getValue());
        }
      }
      set.forEach(analysis::modelFor);
      return analysis;
    } catch (IllegalArgumentException | AttributeNotAvailableException e) {
      throw new ParameterException(spec.commandLine(), "--actions: " + e.getMessage());
    }
  }

  private static void write(RgbImage annotated, Path out) {
    try {
      if (!ImageIO.write(annotated.toBufferedImage(), "png", out.toFile())) {
        throw new IllegalStateException("no PNG writer in this Java runtime");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
  }

}
