package io.deepface.calibrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Labelled image pairs to calibrate on: each pair says whether its two photos show the same person, and which
 * cross-validation fold it belongs to (folds count from 1). Made from a pairs file ({@link #readPairsFile}) or from
 * photos grouped by person ({@link #fromIdentities}, {@link #fromIdentityCsv}).
 *
 * @param pairs the pairs
 * @param folds the number of folds
 * @param source what they were made from, for reports
 */
public record LabelledPairs(List<ImagePair> pairs, int folds, String source) {
  private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif",
      "tiff");

  /** One pair of photos, same person or not, in fold {@code fold} (from 1). */
  public record ImagePair(Path first, Path second, boolean same, int fold) {}

  public LabelledPairs {
    pairs = List.copyOf(pairs);
    if (folds < 2) {
      throw new IllegalArgumentException("at least 2 folds are needed, got " + folds);
    }
    for (ImagePair p : pairs) {
      if (p.fold() < 1 || p.fold() > folds) {
        throw new IllegalArgumentException("fold " + p.fold() + " outside 1.." + folds);
      }
    }
  }

  /** Every photo the pairs name, once, in first-use order. */
  public List<Path> images() {
    Set<Path> set = new LinkedHashSet<>();
    for (ImagePair p : pairs) {
      set.add(p.first());
      set.add(p.second());
    }
    return List.copyOf(set);
  }

  /** The number of same-person pairs. */
  public long genuine() {
    return pairs.stream().filter(ImagePair::same).count();
  }

  /** The number of different-person pairs. */
  public long impostors() {
    return pairs.size() - genuine();
  }

  /**
   * Reads a pairs file in one of two formats.
   *
   * <ul>
   *   <li>Tab-separated lines {@code PATH1<TAB>PATH2<TAB>1|0} (1 = same person), optionally with a fourth column, the
   *       fold (from 1). Relative paths are resolved against the file's folder; blank lines and lines starting with
   *       {@code #} are skipped. Without a fold column the pairs are cut into {@code folds} blocks in file order, so
   *       list them grouped (as LFW's folds are, with no person in two folds).
   *   <li>LFW's {@code pairs.txt}: a header {@code FOLDS PAIRS_PER_HALF}, then per fold {@code name i j} (same) and
   *       {@code name1 i name2 j} (different) lines; photos are {@code images/NAME/NAME_000I.jpg} beside the file
   *       (or {@code NAME/NAME_000I.jpg}). Its own folds are used.
   * </ul>
   *
   * @throws CalibrationException when the file cannot be read or a line is malformed (the message gives the line)
   */
  public static LabelledPairs readPairsFile(Path file, int folds) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new CalibrationException("cannot read pairs file " + file + ": " + e, e);
    }
    Path dir = file.toAbsolutePath().getParent();
    int first = firstContentLine(lines);
    if (first < 0) {
      throw new CalibrationException("pairs file " + file + " holds no pairs");
    }
    String[] head = lines.get(first).trim().split("\\s+");
    if (head.length == 2 && head[0].matches("\\d+") && head[1].matches("\\d+")) {
      return readLfw(file, lines, first, dir);
    }
    List<ImagePair> pairs = new ArrayList<>();
    boolean anyFold = false;
    boolean allFold = true;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length != 3 && f.length != 4) {
        throw new CalibrationException(file + " line " + (i + 1) + ": expected PATH1<TAB>PATH2<TAB>1|0[<TAB>FOLD], got "
            + f.length + " tab-separated fields");
      }
      boolean same = switch (f[2].trim()) {
        case "1", "true", "same" -> true;
        case "0", "false", "different" -> false;
        default -> throw new CalibrationException(file + " line " + (i + 1) + ": the third field must be 1 (same person)"
            + " or 0 (different people), got \"" + f[2].trim() + "\"");
      };
      int fold = 0;
      if (f.length == 4) {
        try {
          fold = Integer.parseInt(f[3].trim());
        } catch (NumberFormatException e) {
          throw new CalibrationException(file + " line " + (i + 1) + ": the fold must be a whole number, got \""
              + f[3].trim() + "\"", e);
        }
        if (fold < 1) {
          throw new CalibrationException(file + " line " + (i + 1) + ": folds count from 1, got " + fold);
        }
      }
      anyFold |= f.length == 4;
      allFold &= f.length == 4;
      pairs.add(new ImagePair(dir.resolve(f[0].trim()).normalize(), dir.resolve(f[1].trim()).normalize(), same, fold));
    }
    if (anyFold && !allFold) {
      throw new CalibrationException(file + ": give a fold on every line or on none");
    }
    if (anyFold) {
      int max = pairs.stream().mapToInt(ImagePair::fold).max().orElse(0);
      return checked(new LabelledPairs(pairs, Math.max(2, max), file.toString()), file);
    }
    if (pairs.size() < folds) {
      throw new CalibrationException(file + " holds " + pairs.size() + " pairs, fewer than the " + folds + " folds");
    }
    List<ImagePair> withFolds = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      ImagePair p = pairs.get(i);
      withFolds.add(new ImagePair(p.first(), p.second(), p.same(), 1 + (int) ((long) i * folds / pairs.size())));
    }
    return checked(new LabelledPairs(withFolds, folds, file.toString()), file);
  }

  private static LabelledPairs readLfw(Path file, List<String> lines, int first, Path dir) {
    String[] head = lines.get(first).trim().split("\\s+");
    int folds = Integer.parseInt(head[0]);
    int perHalf = Integer.parseInt(head[1]);
    Path root = Files.isDirectory(dir.resolve("images")) ? dir.resolve("images") : dir;
    List<ImagePair> pairs = new ArrayList<>();
    int line = first + 1;
    for (int f = 1; f <= folds; f++) {
      for (int i = 0; i < 2 * perHalf; i++, line++) {
        if (line >= lines.size()) {
          throw new CalibrationException(file + ": the header promises " + folds * 2 * perHalf + " pairs, the file"
              + " ends after " + pairs.size());
        }
        String[] p = lines.get(line).trim().split("\\s+");
        try {
          if (p.length == 3) {
            pairs.add(new ImagePair(lfwImage(root, p[0], p[1]), lfwImage(root, p[0], p[2]), true, f));
          } else if (p.length == 4) {
            pairs.add(new ImagePair(lfwImage(root, p[0], p[1]), lfwImage(root, p[2], p[3]), false, f));
          } else {
            throw new CalibrationException(file + " line " + (line + 1) + ": expected 3 or 4 fields in LFW's format");
          }
        } catch (NumberFormatException e) {
          throw new CalibrationException(file + " line " + (line + 1) + ": an image number is not a number", e);
        }
      }
    }
    return checked(new LabelledPairs(pairs, folds, file.toString()), file);
  }

  private static Path lfwImage(Path root, String name, String index) {
    return root.resolve(name).resolve(String.format(Locale.ROOT, "%s_%04d.jpg", name, Integer.parseInt(index)));
  }

  private static int firstContentLine(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank() && !lines.get(i).startsWith("#")) {
        return i;
      }
    }
    return -1;
  }

  private static LabelledPairs checked(LabelledPairs pairs, Path file) {
    if (pairs.genuine() == 0 || pairs.impostors() == 0) {
      throw new CalibrationException(file + " needs both same-person and different-person pairs; it has "
          + pairs.genuine() + " same and " + pairs.impostors() + " different");
    }
    return pairs;
  }

  /**
   * Pairs from a folder with one subfolder per person (the subfolder's name is the identity, as LFW's
   * {@code images/NAME/}); see {@link #fromPeople} for how pairs and folds are formed.
   *
   * @throws CalibrationException when the folder cannot be read or holds fewer than two people with photos
   */
  public static LabelledPairs fromIdentities(Path dir, int folds, int maxGenuinePerPerson, int impostorPairs,
      long seed) {
    Map<String, List<Path>> people = new LinkedHashMap<>();
    try (Stream<Path> subdirs = Files.list(dir)) {
      for (Path person : subdirs.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> files = Files.list(person)) {
          List<Path> photos = files.filter(LabelledPairs::isImage).sorted().toList();
          if (!photos.isEmpty()) {
            people.put(person.getFileName().toString(), photos);
          }
        }
      }
    } catch (IOException e) {
      throw new CalibrationException("cannot read identities folder " + dir + ": " + e, e);
    }
    return fromPeople(people, folds, maxGenuinePerPerson, impostorPairs, seed, dir.toString());
  }

  /**
   * Pairs from a CSV file of {@code image,person} lines (an optional header line naming {@code image} is skipped;
   * relative paths resolve against the file's folder); see {@link #fromPeople}.
   *
   * @throws CalibrationException when the file cannot be read or a line is malformed
   */
  public static LabelledPairs fromIdentityCsv(Path csv, int folds, int maxGenuinePerPerson, int impostorPairs,
      long seed) {
    List<String> lines;
    try {
      lines = Files.readAllLines(csv);
    } catch (IOException e) {
      throw new CalibrationException("cannot read identities file " + csv + ": " + e, e);
    }
    Path dir = csv.toAbsolutePath().getParent();
    Map<String, List<Path>> people = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.toLowerCase(Locale.ROOT).startsWith("image"))) {
        continue;
      }
      int comma = line.lastIndexOf(',');
      if (comma <= 0 || comma == line.length() - 1) {
        throw new CalibrationException(csv + " line " + (i + 1) + ": expected IMAGE,PERSON");
      }
      people.computeIfAbsent(line.substring(comma + 1).strip(), k -> new ArrayList<>())
          .add(dir.resolve(line.substring(0, comma).strip()).normalize());
    }
    return fromPeople(people, folds, maxGenuinePerPerson, impostorPairs, seed, csv.toString());
  }

  /**
   * Pairs from photos grouped by person. People are shuffled with {@code seed} and dealt to {@code folds} folds, so
   * no person is in two folds. Every same-person pair is formed (at most {@code maxGenuinePerPerson} per person,
   * sampled), and {@code impostorPairs} different-person pairs are sampled in all, spread over the folds in
   * proportion to their photos, each between two people of the same fold. Deterministic for a seed.
   *
   * @throws CalibrationException with fewer than two people per fold or no same-person pair at all
   */
  public static LabelledPairs fromPeople(Map<String, List<Path>> people, int folds, int maxGenuinePerPerson,
      int impostorPairs, long seed, String source) {
    if (folds < 2) {
      throw new IllegalArgumentException("at least 2 folds are needed, got " + folds);
    }
    if (maxGenuinePerPerson < 1 || impostorPairs < 1) {
      throw new IllegalArgumentException("maxGenuinePerPerson and impostorPairs must be at least 1");
    }
    List<String> names = new ArrayList<>(people.keySet());
    if (names.size() < 2 * folds) {
      throw new CalibrationException(source + " holds " + names.size() + " people; " + folds + " folds need at least "
          + 2 * folds + " (two per fold)");
    }
    Random random = new Random(seed);
    Collections.shuffle(names, random);
    List<List<String>> byFold = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      byFold.add(new ArrayList<>());
    }
    for (int i = 0; i < names.size(); i++) {
      byFold.get(i % folds).add(names.get(i));
    }
    List<ImagePair> pairs = new ArrayList<>();
    long totalPhotos = people.values().stream().mapToLong(List::size).sum();
    for (int f = 0; f < folds; f++) {
      List<Path> photos = new ArrayList<>();
      List<Integer> owner = new ArrayList<>();
      for (int p = 0; p < byFold.get(f).size(); p++) {
        List<Path> mine = people.get(byFold.get(f).get(p));
        List<int[]> genuine = new ArrayList<>();
        for (int a = 0; a < mine.size(); a++) {
          for (int b = a + 1; b < mine.size(); b++) {
            genuine.add(new int[] {a, b});
          }
        }
        if (genuine.size() > maxGenuinePerPerson) {
          Collections.shuffle(genuine, random);
          genuine = genuine.subList(0, maxGenuinePerPerson);
        }
        for (int[] g : genuine) {
          pairs.add(new ImagePair(mine.get(g[0]), mine.get(g[1]), true, f + 1));
        }
        for (Path photo : mine) {
          photos.add(photo);
          owner.add(p);
        }
      }
      long share = Math.max(1, Math.round((double) impostorPairs * photos.size() / totalPhotos));
      Set<Long> seen = new HashSet<>();
      long possible = possibleImpostors(owner);
      long target = Math.min(share, possible);
      int attempts = 0;
      while (seen.size() < target && attempts < 50 * target + 1000) {
        attempts++;
        int a = random.nextInt(photos.size());
        int b = random.nextInt(photos.size());
        if (owner.get(a).equals(owner.get(b))) {
          continue;
        }
        long key = (long) Math.min(a, b) * photos.size() + Math.max(a, b);
        if (seen.add(key)) {
          pairs.add(new ImagePair(photos.get(Math.min(a, b)), photos.get(Math.max(a, b)), false, f + 1));
        }
      }
    }
    LabelledPairs result = new LabelledPairs(pairs, folds, source);
    if (result.genuine() == 0) {
      throw new CalibrationException(source + " has no person with two photos, so no same-person pair can be formed");
    }
    return result;
  }

  private static long possibleImpostors(List<Integer> owner) {
    Map<Integer, Long> counts = new LinkedHashMap<>();
    owner.forEach(o -> counts.merge(o, 1L, Long::sum));
    long n = owner.size();
    long same = counts.values().stream().mapToLong(c -> c * (c - 1) / 2).sum();
    return n * (n - 1) / 2 - same;
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return Files.isRegularFile(p) && dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
