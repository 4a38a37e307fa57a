package io.deepface.examples.cli;

import io.deepface.examples.json.Json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepface.analysis.Emotion;
import io.deepface.image.ImageDecoder;
import io.deepface.image.ImageInput;
import io.deepface.image.ImageLimits;
import io.deepface.image.RgbImage;
import io.deepface.testing.TestData;
import io.deepface.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
  /** What one CLI run printed and returned. */
  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void modelsFromTheSharedFolder() {
    if (System.getProperty("deepface.model.path") == null) {
      System.setProperty("deepface.model.path", TestData.modelsDir().toString());
    }
  }

  static Run cli(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int exit = DeepFaceCli.run(args);
      return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void analyzePrintsDeepFaceKeysForEveryActionAndWritesTheAnnotatedImage(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("annotated.png");
    Run r = cli("analyze", TestData.astronaut().toString(), "--actions", "age,gender,emotion,pose,landmarks,eyes,spoof",
        "--annotate", png.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode faces = Json.MAPPER.readTree(r.out());
    assertThat(faces.isArray()).isTrue();
    assertThat(faces).hasSize(1);
    JsonNode f = faces.get(0);
    assertThat(f.get("age").isInt()).isTrue();
    assertThat(f.get("age").asInt()).isEqualTo((int) Math.floor(f.get("apparent_age").asDouble()));
    assertThat(f.get("gender").get("Woman").asDouble() + f.get("gender").get("Man").asDouble()).isCloseTo(100, within(1e-6));
    assertThat(f.get("dominant_gender").asText()).isIn("Woman", "Man");
    double sum = 0;
    for (String label : Emotion.LABELS) {
      sum += f.get("emotion").get(label).asDouble();
    }
    assertThat(sum).isCloseTo(100, within(1e-6));
    assertThat(Emotion.LABELS).contains(f.get("dominant_emotion").asText());
    JsonNode region = f.get("region");
    for (String k : new String[] {"x", "y", "w", "h"}) {
      assertThat(region.get(k).isInt()).as(k).isTrue();
    }
    assertThat(region.get("left_eye")).hasSize(2);
    assertThat(region.get("right_eye").get(0).asInt()).isLessThan(region.get("left_eye").get(0).asInt());
    assertThat(f.get("face_confidence").asDouble()).isGreaterThan(0.5);
    assertThat(f.get("pose").has("yaw")).isTrue();
    assertThat(f.get("pose").has("pitch")).isTrue();
    assertThat(f.get("pose").has("roll")).isTrue();
    assertThat(f.get("landmarks")).hasSize(68);
    assertThat(f.get("eyes").get("right_eye").get("is_open").asBoolean()).isTrue();
    assertThat(f.get("antispoof").has("is_real")).isTrue();
    assertThat(f.get("antispoof").get("antispoof_score").asDouble()).isBetween(0.0, 1.0);

    BufferedImage annotated = ImageIO.read(png.toFile());
    assertThat(annotated.getWidth()).isEqualTo(512);
    assertThat(annotated.getHeight()).isEqualTo(512);
    // The box's top-left corner is drawn (green) where region says.
    int rgb = annotated.getRGB(region.get("x").asInt(), region.get("y").asInt() + region.get("h").asInt() / 2);
    assertThat(rgb >> 8 & 0xff).isGreaterThan(150);
    assertThat(rgb >> 16 & 0xff).isLessThan(100);
  }

  @Test
  void defaultActionsAreAgeGenderEmotionOnly() throws Exception {
    Run r = cli("analyze", TestData.faceapi("happy.jpg").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode f = Json.MAPPER.readTree(r.out()).get(0);
    assertThat(f.get("dominant_emotion").asText()).isEqualTo("happy");
    assertThat(f.has("age")).isTrue();
    assertThat(f.has("dominant_gender")).isTrue();
    assertThat(f.has("pose")).isFalse();
    assertThat(f.has("landmarks")).isFalse();
    assertThat(f.has("antispoof")).isFalse();
  }

  @Test
  void raceAndAChosenModelPerActionWork() throws Exception {
    Run r = cli("analyze", TestData.astronaut().toString(), "--actions", "age,gender,race", "--gender-model", "gear",
        "--age-model", "faceres");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode f = Json.MAPPER.readTree(r.out()).get(0);
    assertThat(f.get("race").size()).isEqualTo(5);
    assertThat(f.get("dominant_race").asText()).isIn("white", "black", "asian", "indian", "other");
    assertThat(f.get("dominant_gender").asText()).isEqualTo("Woman");
    assertThat(f.get("age").asInt()).isBetween(25, 60);
  }

  @Test
  void unknownActionsAndModelsAreUsageErrors() {
    Run model = cli("analyze", TestData.astronaut().toString(), "--actions", "age,race", "--race-model", "phrenology");
    assertThat(model.exit()).isEqualTo(DeepFaceCli.EXIT_USAGE);
    assertThat(model.err()).contains("phrenology");
    assertThat(model.out()).isEmpty();
    Run unknown = cli("analyze", TestData.astronaut().toString(), "--actions", "age,beauty");
    assertThat(unknown.exit()).isEqualTo(DeepFaceCli.EXIT_USAGE);
    assertThat(unknown.err()).contains("beauty");
  }

  @Test
  void missingOrFacelessImagesAreBadInput(@TempDir Path dir) throws Exception {
    Run missing = cli("analyze", dir.resolve("nope.jpg").toString());
    assertThat(missing.exit()).isEqualTo(DeepFaceCli.EXIT_BAD_INPUT);
    assertThat(missing.err()).contains("nope.jpg");
    Path blank = dir.resolve("blank.png");
    ImageIO.write(new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB), "png", blank.toFile());
    Run none = cli("analyze", blank.toString());
    assertThat(none.exit()).isEqualTo(DeepFaceCli.EXIT_BAD_INPUT);
    assertThat(none.err()).contains("No face detected");
  }

  @Test
  void antiSpoofingFlagPassesALivePhotoAndFailsOnAPhotoOfIt(@TempDir Path dir) throws Exception {
    Path live = TestData.faceapi("sad.jpg");
    Run ok = cli("analyze", live.toString(), "--anti-spoofing", "--actions", "spoof");
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(Json.MAPPER.readTree(ok.out()).get(0).get("antispoof").get("is_real").asBoolean()).isTrue();

    RgbImage photo = new ImageDecoder(ImageLimits.defaults()).decode(ImageInput.of(live));
    Path print = dir.resolve("print-of-sad.png");
    ImageIO.write(TestImages.photoOfAPhoto(photo, false).toBufferedImage(), "png", print.toFile());
    Run fake = cli("analyze", print.toString(), "--anti-spoofing");
    assertThat(fake.exit()).isEqualTo(DeepFaceCli.EXIT_BAD_INPUT);
    assertThat(fake.err()).contains("Spoof detected").contains("print-of-sad.png");
    assertThat(fake.out()).isEmpty();
  }
}
