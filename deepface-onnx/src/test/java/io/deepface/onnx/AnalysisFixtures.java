package io.deepface.onnx;

import io.deepface.FaceOptions;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Images and image transforms shared by the analysis tests. */
final class AnalysisFixtures {
  static final FaceOptions OPTIONS = FaceOptions.defaults();

  private AnalysisFixtures() {}

  static RgbImage decode(Path p) {
    return TestEngines.shared().decode(ImageInput.of(p));
  }

  /** One of the seven expression photos of {@code faceapi-examples}, e.g. {@code sad.jpg}. */
  static RgbImage faceapi(String file) {
    return decode(TestData.faceapi(file));
  }

  static RgbImage lfw(String file) {
    String name = file.substring(0, file.lastIndexOf('_'));
    return decode(TestData.datasetsDir().resolve("lfw-dev/images").resolve(name).resolve(file));
  }

  /** {@code (file, label)} rows of a {@code faceapi-examples} CSV file, header left out. */
  static List<String[]> csv(String file) {
    try {
      List<String> lines = Files.readAllLines(TestData.faceapi(file));
      return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
