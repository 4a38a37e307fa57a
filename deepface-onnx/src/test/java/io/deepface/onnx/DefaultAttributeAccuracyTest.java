package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceAnalysis;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.analysis.FaceAttribute;
import io.deepface.image.ImageInput;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The default attribute models on labelled faces of the development sets, through {@code analyze} as a user calls it
 * (default detector, the largest face): gender and age on every fourth UTKFace adult and on every FairFace photo of
 * ages 10 and up, race on the same UTKFace adults (four named groups), expression on every CK+ frame. The shipped
 * calibrations were fitted on these sets, so these figures are not estimates for unseen faces (the README gives the
 * cross-validated ones); the floors, a little below what was measured, keep the models and their recipes from
 * silently getting worse.
 */
class DefaultAttributeAccuracyTest {
  private static final FaceOptions LARGEST = FaceOptions.builder().maxFaces(1).enforceDetection(false).build();
  private final FaceEngine engine = TestEngines.shared();

  private static List<String[]> labels(String set) throws IOException {
    List<String> lines = Files.readAllLines(TestData.datasetsDir().resolve(set).resolve("labels.csv"));
    return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
  }

  private FaceAnalysis analyze(Path file, FaceAttribute... actions) {
    return engine.analyze(ImageInput.of(file), AnalyzeOptions.of(actions), LARGEST).get(0);
  }

  @Test
  void genderAgeAndRaceOfUtkFaceAdults() throws IOException {
    int n = 0;
    int gender = 0;
    int raced = 0;
    int race = 0;
    double ageError = 0;
    List<String[]> rows = labels("utkface-dev").stream().filter(r -> Integer.parseInt(r[1]) >= 18).toList();
    for (int i = 0; i < rows.size(); i += 4) {
      String[] r = rows.get(i);
      FaceAnalysis f = analyze(TestData.datasetsDir().resolve("utkface-dev").resolve(r[0]), FaceAttribute.AGE,
          FaceAttribute.GENDER, FaceAttribute.RACE);
      n++;
      gender += f.gender().dominant().equals(r[2]) ? 1 : 0;
      ageError += Math.abs(f.age().years() - Integer.parseInt(r[1]));
      if (!r[3].equals("Others")) {
        raced++;
        race += f.race().dominant().equals(r[3].toLowerCase(Locale.ROOT)) ? 1 : 0;
      }
    }
    System.out.printf(Locale.ROOT, "UTKFace adults: gender %d/%d, age MAE %.2f, race %d/%d%n", gender, n, ageError / n,
        race, raced);
    assertThat(n).isEqualTo(295);
    assertThat((double) gender / n).isGreaterThanOrEqualTo(0.95);
    assertThat(ageError / n).isLessThanOrEqualTo(6.5);
    assertThat((double) race / raced).isGreaterThanOrEqualTo(0.76);
  }

  @Test
  void genderAndAgeGroupOfFairFacePhotos() throws IOException {
    int n = 0;
    int gender = 0;
    int inGroup = 0;
    for (String[] r : labels("fairface-dev")) {
      int low = Integer.parseInt(r[1].replace("+", "").split("-")[0]);
      int high = r[1].endsWith("+") ? 200 : Integer.parseInt(r[1].split("-")[1]);
      if (low < 10) {
        continue;
      }
      FaceAnalysis f = analyze(TestData.datasetsDir().resolve("fairface-dev").resolve(r[0]), FaceAttribute.AGE,
          FaceAttribute.GENDER);
      n++;
      gender += f.gender().dominant().equals(r[2]) ? 1 : 0;
      inGroup += f.age().years() >= low && f.age().years() < high + 1 ? 1 : 0;
    }
    System.out.printf(Locale.ROOT, "FairFace 10+: gender %d/%d, age inside the group %d/%d%n", gender, n, inGroup, n);
    assertThat(n).isEqualTo(210);
    assertThat((double) gender / n).isGreaterThanOrEqualTo(0.88);
    assertThat((double) inGroup / n).isGreaterThanOrEqualTo(0.40);
  }

  @Test
  void expressionsOfCkPlusFrames() throws IOException {
    int n = 0;
    int right = 0;
    for (String[] r : labels("ckplus-dev")) {
      if (r[2].equals("contempt")) {
        continue;
      }
      FaceAnalysis f = analyze(TestData.datasetsDir().resolve("ckplus-dev").resolve(r[0]), FaceAttribute.EMOTION);
      n++;
      right += f.emotion().dominant().equals(r[2]) ? 1 : 0;
    }
    System.out.printf(Locale.ROOT, "CK+: emotion %d/%d%n", right, n);
    assertThat(n).isEqualTo(390);
    assertThat((double) right / n).isGreaterThanOrEqualTo(0.85);
  }
}
