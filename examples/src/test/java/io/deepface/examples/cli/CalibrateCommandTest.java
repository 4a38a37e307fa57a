package io.deepface.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepface.DeepFace;
import io.deepface.FaceOptions;
import io.deepface.testing.TestData;
import io.deepface.testing.TestData.LfwPair;
import io.deepface.verify.DistanceMetric;
import io.deepface.verify.ThresholdProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code calibrate} end to end on real LFW photos with the default models: 40 same-person and 40 different-person
 * pairs of fold 3 (and one pair with a broken photo), then the profile it writes used by {@code verify}.
 */
class CalibrateCommandTest {
  @TempDir
  static Path dir;
  private static CliRunner.Result calibrated;
  private static Path profile;
  private static Path roc;
  private static List<LfwPair> pairs;

  @BeforeAll
  static void calibrate() throws Exception {
    List<LfwPair> fold = TestData.lfwPairs().stream().filter(p -> p.fold() == 3).toList();
    pairs = new ArrayList<>();
    pairs.addAll(fold.stream().filter(LfwPair::same).limit(40).toList());
    pairs.addAll(fold.stream().filter(p -> !p.same()).limit(40).toList());
    Path broken = Files.write(dir.resolve("broken.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 1, 2});
    StringBuilder text = new StringBuilder();
    // Grouped by kind would put all same pairs in the first folds: interleave them so every fold has both.
    for (int i = 0; i < 40; i++) {
      for (LfwPair p : List.of(pairs.get(i), pairs.get(40 + i))) {
        text.append(p.first()).append('\t').append(p.second()).append('\t').append(p.same() ? 1 : 0).append('\n');
      }
    }
    text.append(broken).append('\t').append(pairs.get(0).first()).append("\t0\n");
    Path file = Files.writeString(dir.resolve("pairs.tsv"), text);
    profile = dir.resolve("out/profile.json");
    roc = dir.resolve("out/roc.png");
    calibrated = CliRunner.run("calibrate", "--pairs", file.toString(), "--folds", "4", "--far", "0.1,0.01",
        "--out", profile.toString(), "--roc", roc.toString());
  }

  @Test
  void printsTheThresholdAccuracyAndOperatingPoints() {
    assertThat(calibrated.exitCode()).as(calibrated.err()).isZero();
    JsonNode j = calibrated.json();
    assertThat(j.get("model").asText()).isEqualTo(FaceOptions.DEFAULT_MODEL);
    assertThat(j.get("distance_metric").asText()).isEqualTo("cosine");
    assertThat(j.get("same_pairs").asInt()).isEqualTo(40);
    assertThat(j.get("different_pairs").asInt()).isEqualTo(40);
    assertThat(j.get("skipped_pairs").asInt()).isEqualTo(1);
    assertThat(j.get("failed_images").fieldNames()).toIterable().singleElement().asString().endsWith("broken.jpg");
    assertThat(j.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.95);
    assertThat(j.get("auc").asDouble()).isGreaterThanOrEqualTo(0.98);
    assertThat(j.get("eer").asDouble()).isLessThanOrEqualTo(0.05);
    // The shipped threshold was chosen on 3000 LFW pairs; 80 of them land near it.
    double shipped = DeepFace.engine().calibration(FaceOptions.defaults()).threshold();
    assertThat(j.get("threshold").asDouble()).isBetween(shipped - 0.15, shipped + 0.15);
    JsonNode points = j.get("operating_points");
    assertThat(points).hasSize(2);
    assertThat(points.get(0).get("far").asDouble()).isEqualTo(0.1);
    assertThat(points.get(0).get("observed_far").asDouble()).isLessThanOrEqualTo(0.1);
    assertThat(points.get(0).get("tar").asDouble()).isGreaterThan(0.8);
    // 40 different pairs cannot show a FAR of 1 %: said, not hidden.
    assertThat(points.get(1).get("supported").asBoolean()).isFalse();
    assertThat(points.get(1).get("note").asText()).contains("not supported").contains("1000 different-person pairs");
    assertThat(j.get("metrics").fieldNames()).toIterable().containsExactly("cosine", "euclidean", "euclidean_l2",
        "angular");
    long photos = java.util.stream.Stream.concat(pairs.stream().map(LfwPair::first), pairs.stream()
        .map(LfwPair::second)).distinct().count() + 1;
    assertThat(j.get("images").asLong()).isEqualTo(photos);
    assertThat(calibrated.err()).contains("embedded " + photos + " / " + photos + " photos").contains("cosine: threshold");
  }

  @Test
  void writesAProfileAndARocChart() throws Exception {
    assertThat(calibrated.exitCode()).as(calibrated.err()).isZero();
    ThresholdProfile p = ThresholdProfile.load(profile);
    assertThat(p.embedder()).isEqualTo(FaceOptions.DEFAULT_MODEL);
    assertThat(p.detector()).isEqualTo(FaceOptions.DEFAULT_DETECTOR);
    assertThat(p.entries()).hasSize(4);
    assertThat(p.entry(DistanceMetric.COSINE).orElseThrow().threshold())
        .isEqualTo(calibrated.json().get("threshold").asDouble());
    assertThat(ImageIO.read(roc.toFile()).getWidth()).isEqualTo(960);
  }

  @Test
  void verifyUsesTheProfileAndRefusesItForOtherSettings() {
    assertThat(calibrated.exitCode()).as(calibrated.err()).isZero();
    double threshold = calibrated.json().get("threshold").asDouble();
    LfwPair same = pairs.get(1);
    CliRunner.Result r = CliRunner.run("verify", same.first().toString(), same.second().toString(),
        "--threshold-profile", profile.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.json().get("threshold").asDouble()).isEqualTo(threshold);
    CliRunner.Result other = CliRunner.run("verify", same.first().toString(), same.second().toString(),
        "--threshold-profile", profile.toString(), "--detector", "yunet");
    assertThat(other.exitCode()).isEqualTo(2);
    assertThat(other.err()).contains("calibrated for model fusion, detector retinaface-yunet").contains("yunet");
    CliRunner.Result missing = CliRunner.run("verify", same.first().toString(), same.second().toString(),
        "--threshold-profile", dir.resolve("nope.json").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.json").contains("does not exist");
  }

  @Test
  void findUsesTheProfileToo(@TempDir Path gallery) throws Exception {
    assertThat(calibrated.exitCode()).as(calibrated.err()).isZero();
    LfwPair same = pairs.get(2);
    Files.copy(same.second(), gallery.resolve(same.second().getFileName()));
    Files.copy(pairs.get(45).second(), gallery.resolve(pairs.get(45).second().getFileName()));
    CliRunner.Result r = CliRunner.run("find", same.first().toString(), gallery.toString(), "--threshold-profile",
        profile.toString(), "--no-progress");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode rows = r.json().get(0);
    assertThat(rows).isNotEmpty();
    assertThat(rows.get(0).get("identity").asText()).endsWith(same.second().getFileName().toString());
    assertThat(rows.get(0).get("threshold").asDouble()).isEqualTo(calibrated.json().get("threshold").asDouble());
  }

  @Test
  void aMalformedPairsFileIsBadInput(@TempDir Path tmp) throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.tsv"), "a.jpg b.jpg 1\n");
    CliRunner.Result r = CliRunner.run("calibrate", "--pairs", bad.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("bad.tsv line 1");
  }
}
