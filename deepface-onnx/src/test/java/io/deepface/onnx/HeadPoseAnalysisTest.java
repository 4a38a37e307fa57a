package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import io.deepface.image.ImageInput;
import io.deepface.testing.TestEngines;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceOptions;
import io.deepface.analysis.FaceAttribute;
import io.deepface.analysis.HeadPose;
import io.deepface.image.RgbImage;
import io.deepface.testing.TestData;
import io.deepface.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** faceplugin's HopeNet head pose and the sign convention documented on {@link HeadPose}. */
class HeadPoseAnalysisTest {
  /** The largest face's pose. */
  static HeadPose pose(RgbImage img) {
    return TestEngines.shared().analyze(ImageInput.of(img, "image"), AnalyzeOptions.of(FaceAttribute.POSE),
        FaceOptions.builder().maxFaces(1).build()).get(0).pose();
  }

  /** These three people turn their heads towards the left of the photo (their own right). */
  @Test
  void facesTurnedToTheImageLeftHavePositiveYawAndMirroringFlipsYawAndRoll() {
    for (String file : List.of("Colin_Powell_0071.jpg", "Laura_Bush_0011.jpg", "Hugo_Chavez_0033.jpg")) {
      RgbImage img = AnalysisFixtures.lfw(file);
      HeadPose p = pose(img);
      HeadPose m = pose(img.mirrored());
      System.out.printf("%s: %s, mirrored %s%n", file, p, m);
      assertThat(p.yaw()).as(file).isGreaterThan(25);
      assertThat(m.yaw()).as(file + " mirrored").isLessThan(-25);
      assertThat(Math.abs(p.yaw() + m.yaw())).as(file).isLessThan(10);
      if (Math.abs(p.roll()) > 10) {
        assertThat(Math.signum(m.roll())).as(file + " roll").isEqualTo(-Math.signum(p.roll()));
      }
    }
  }

  /** Bob Hope looks up; Cristina Fernandez looks down. */
  @Test
  void faceLookingUpHasPositivePitchAndLookingDownNegative() {
    double up = pose(AnalysisFixtures.lfw("Bob_Hope_0001.jpg")).pitch();
    double down = pose(AnalysisFixtures.lfw("Cristina_Fernandez_0001.jpg")).pitch();
    System.out.printf("pitch looking up %.1f, looking down %.1f%n", up, down);
    assertThat(up).isGreaterThan(5);
    assertThat(down).isLessThan(-15);
  }

  /** Turning the whole image clockwise by 20 degrees adds about 20 degrees of roll, and the reverse. */
  @Test
  void rotatingTheImageByTwentyDegreesChangesRollByAboutThat() {
    List<RgbImage> images = List.of(AnalysisFixtures.decode(TestData.astronaut()), AnalysisFixtures.faceapi("neutral.jpg"),
        AnalysisFixtures.faceapi("sad.jpg"));
    for (RgbImage img : images) {
      HeadPose p = pose(img);
      HeadPose cw = pose(TestImages.rotated(img, 20));
      HeadPose ccw = pose(TestImages.rotated(img, -20));
      System.out.printf("roll %.1f, turned +20: %.1f, turned -20: %.1f%n", p.roll(), cw.roll(), ccw.roll());
      assertThat(cw.roll() - p.roll()).isBetween(12.0, 28.0);
      assertThat(ccw.roll() - p.roll()).isBetween(-28.0, -12.0);
      // In-plane rotation leaves yaw about where it was.
      assertThat(Math.abs(cw.yaw() - p.yaw())).isLessThan(10);
    }
  }
}
