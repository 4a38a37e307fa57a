package io.deepface.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.FaceNotDetectedException;
import io.deepface.FacialArea;
import io.deepface.SpoofDetectedException;
import io.deepface.image.ImageDecoder;
import io.deepface.image.ImageInput;
import io.deepface.image.ImageLimits;
import io.deepface.image.ImageTooLargeException;
import io.deepface.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a person typing commands meets: help everywhere, advice in flags, a human line on stderr. */
class CliUsabilityTest {
  /** The Java names the library's advice uses, which the CLI must never print. */
  private static final Pattern JAVA_ADVICE = Pattern.compile(
      "enforceDetection\\(|minConfidence\\b|ImageLimits|antiSpoofing off|FaceOptions\\.threshold");

  @BeforeAll
  static void modelsFromTheSharedFolder() {
    System.setProperty("deepface.model.path", TestData.modelsDir().toString());
  }

  @Test
  void everySubcommandHasHelp() {
    List<String> names = new ArrayList<>(DeepFaceCli.commandLine().getSubcommands().keySet());
    assertThat(names).contains("verify", "represent", "extract-faces", "analyze", "find", "serve", "components",
        "models", "stream");
    for (String name : names) {
      CliRunner.Result r = CliRunner.run(name, "--help");
      assertThat(r.exitCode()).as(name).isZero();
      assertThat(r.out()).as(name).startsWith("Usage: deepface " + name).contains("--help");
    }
  }

  /** Each library message the CLI rewrites still says what the CLI expects it to. */
  @Test
  void theLibrarysAdviceComesOutInFlags() {
    List<String> messages = List.of(
        new FaceNotDetectedException("file a.jpg", "retinaface", 0.9).getMessage(),
        new SpoofDetectedException("file a.jpg", new FacialArea(1, 2, 3, 4, null, null, null, null, null), 0.1)
            .getMessage(),
        tooLarge().getMessage());
    for (String m : messages) {
      assertThat(JAVA_ADVICE.matcher(m).find()).as("the library's own wording: " + m).isTrue();
      String cli = CliAdvice.inCliTerms(m);
      assertThat(JAVA_ADVICE.matcher(cli).find()).as(cli).isFalse();
      assertThat(cli).containsPattern("--[a-z-]+");
    }
  }

  private static ImageTooLargeException tooLarge() {
    try {
      new ImageDecoder(ImageLimits.defaults().withMaxPixels(100))
          .decode(ImageInput.of(TestData.lfw("Aaron_Sorkin", 1)));
      throw new AssertionError("not refused");
    } catch (ImageTooLargeException e) {
      return e;
    }
  }

  @Test
  void aFacelessImageAndATooLargeOneSayWhichFlagToUse(@TempDir Path dir) throws Exception {
    Path grey = dir.resolve("grey.png");
    byte[] px = new byte[64 * 64 * 3];
    java.util.Arrays.fill(px, (byte) 128);
    ImageIO.write(io.deepface.image.RgbImage.wrap(64, 64, px).toBufferedImage(), "png", grey.toFile());
    Path face = TestData.lfw("Aaron_Sorkin", 1);
    CliRunner.Result noFace = CliRunner.run("verify", grey.toString(), face.toString());
    assertThat(noFace.exitCode()).isEqualTo(DeepFaceCli.EXIT_BAD_INPUT);
    assertThat(noFace.err()).contains("--enforce-detection=false").contains("--min-confidence")
        .doesNotContainPattern(JAVA_ADVICE);
    CliRunner.Result large = CliRunner.run("represent", face.toString(), "--max-pixels", "1000");
    assertThat(large.exitCode()).isEqualTo(DeepFaceCli.EXIT_BAD_INPUT);
    assertThat(large.err()).contains("--max-pixels").doesNotContainPattern(JAVA_ADVICE);
    assertThat(CliRunner.run("represent", face.toString(), "--max-pixels", "100000", "--model", "mobilefacenet-128")
        .exitCode()).isZero();
  }

  @Test
  void verifyAndRepresentSayWhatHappenedOnStderr() {
    Path a = TestData.lfw("Aaron_Sorkin", 1);
    Path b = TestData.lfw("Aaron_Sorkin", 2);
    CliRunner.Result same = CliRunner.run("verify", a.toString(), b.toString());
    assertThat(same.exitCode()).isZero();
    assertThat(same.err().strip())
        .matches("same person \\(distance 0\\.\\d\\d <= 0\\.\\d\\d, confidence \\d+\\.\\d%\\)");
    assertThat(same.out()).doesNotContain("same person");
    CliRunner.Result other = CliRunner.run("verify", a.toString(), TestData.lfw("Colin_Powell", 198).toString());
    assertThat(other.err()).startsWith("different people (distance ");
    CliRunner.Result rep = CliRunner.run("represent", a.toString(), "--model", "mobilefacenet-128");
    assertThat(rep.err().strip()).isEqualTo("1 face, 128-d embeddings (mobilefacenet-128)");
  }

  @Test
  void modelsMarksTheDefaultsAndNamesThoseWithOneSource() throws Exception {
    CliRunner.Result r = CliRunner.run("models");
    assertThat(r.exitCode()).isZero();
    var rows = r.json();
    List<String> defaults = new ArrayList<>();
    rows.forEach(row -> {
      if (row.get("default").asBoolean()) {
        defaults.add(row.get("file").asText());
      }
    });
    assertThat(defaults).contains("retinaface_mbnet0.25.onnx", "fr_feature.onnx", "mobilefacenet.onnx",
        "human-faceres-deep.onnx", "faceres-deep.json", "faceres-deep.bin", "face-api-face_expression_model.onnx")
        .doesNotContain("fr_age.onnx");
    assertThat(r.err()).contains("Default models with a single download source").contains("retinaface_mbnet0.25.onnx")
        .contains("mobilefacenet.onnx").contains("DEEPFACE_MODEL_PATH");
  }

  @Test
  void findNamesTheGalleryImagesItCouldNotReadAndWritesTheFullList(@TempDir Path dir) throws Exception {
    Path gallery = Files.createDirectories(dir.resolve("people"));
    Files.copy(TestData.lfw("Aaron_Sorkin", 1), gallery.resolve("aaron.jpg"));
    Files.writeString(gallery.resolve("broken.jpg"), "not an image");
    Path report = dir.resolve("sync.json");
    CliRunner.Result r = CliRunner.run("find", TestData.lfw("Aaron_Sorkin", 2).toString(), gallery.toString(),
        "--model", "mobilefacenet-128", "--no-progress", "--sync-report", report.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("1 gallery image could not be read").contains("broken.jpg: ")
        .contains("face 1: 1 match, closest aaron.jpg");
    assertThat(Files.readString(report)).contains("\"unreadable\"").contains("broken.jpg");
  }

  @Test
  void helpListsTheSubcommandsAndVersionWorks() {
    CommandLine cli = DeepFaceCli.commandLine();
    assertThat(cli.getSubcommands()).containsKeys("verify", "represent", "extract-faces", "analyze", "serve",
        "components", "models", "find", "calibrate", "map", "train-adapter", "stream",
        "register", "search");
    assertThat(CliRunner.run("--version").out()).startsWith("deepface-java");
  }
}
