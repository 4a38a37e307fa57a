package io.deepface.benchmarks.attributes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The labelled face sets of {@code shared/datasets} used to choose attribute models: UTKFace chips (age,
 * gender, race), FairFace photos (age group, gender) and CK+ frames (expression, subject).
 */
public final class AttributeDatasets {
  /** UTKFace's race words as labelled, and the lower-case class names models report. */
  static final List<String> UTK_RACES = List.of("White", "Black", "Asian", "Indian", "Others");

  /**
   * One labelled image. Fields that a set does not label are null (or NaN for ages).
   *
   * @param set {@code utkface}, {@code fairface} or {@code ckplus}
   * @param file the image
   * @param age exact age in years (UTKFace), else NaN
   * @param ageLow lowest age of the labelled group (FairFace; the exact age for UTKFace)
   * @param ageHigh highest age of the group, inclusive ({@code 70+} is 70..120)
   * @param gender {@code Woman} or {@code Man}
   * @param race lower-case UTKFace group ({@code white, black, asian, indian, other}) or null
   * @param emotion DeepFace label or {@code contempt}, for CK+
   * @param subject the person (CK+), for subject-disjoint folds
   */
  public record Sample(String set, Path file, double age, double ageLow, double ageHigh, String gender, String race,
      String emotion, String subject) {
    boolean adult() {
      return ageLow >= 18;
    }
  }

  private AttributeDatasets() {}

  public static List<Sample> utkFace(Path datasets) throws IOException {
    Path dir = datasets.resolve("utkface-dev");
    List<Sample> out = new ArrayList<>();
    for (String[] r : csv(dir.resolve("labels.csv"))) {
      double age = Double.parseDouble(r[1]);
      String race = r[3].equals("Others") ? "other" : r[3].toLowerCase(Locale.ROOT);
      out.add(new Sample("utkface", dir.resolve(r[0]), age, age, age, r[2], race, null, null));
    }
    return out;
  }

  public static List<Sample> fairFace(Path datasets) throws IOException {
    Path dir = datasets.resolve("fairface-dev");
    List<Sample> out = new ArrayList<>();
    for (String[] r : csv(dir.resolve("labels.csv"))) {
      double low;
      double high;
      if (r[1].endsWith("+")) {
        low = Double.parseDouble(r[1].substring(0, r[1].length() - 1));
        high = 120;
      } else {
        String[] p = r[1].split("-");
        low = Double.parseDouble(p[0]);
        high = Double.parseDouble(p[1]);
      }
      out.add(new Sample("fairface", dir.resolve(r[0]), Double.NaN, low, high, r[2], null, null, null));
    }
    return out;
  }

  public static List<Sample> ckPlus(Path datasets) throws IOException {
    Path dir = datasets.resolve("ckplus-dev");
    List<Sample> out = new ArrayList<>();
    for (String[] r : csv(dir.resolve("labels.csv"))) {
      out.add(new Sample("ckplus", dir.resolve(r[0]), Double.NaN, Double.NaN, Double.NaN, null, null, r[2], r[1]));
    }
    return out;
  }

  static List<String[]> csv(Path file) throws IOException {
    List<String[]> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }
}
