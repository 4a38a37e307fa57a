package io.deepface.benchmarks.lfw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A pairs file in LFW's format: a header {@code FOLDS PAIRS_PER_HALF}, then per fold that many
 * same-person lines ({@code name i j}) and as many different-person lines ({@code name1 i name2 j}).
 * Images are {@code root/NAME/NAME_000I.jpg}.
 */
public record LfwPairs(List<Pair> pairs, int folds) {

  /** One labelled pair; {@code fold} counts from 1. */
  public record Pair(int fold, Path first, Path second, boolean same) {}

  public static LfwPairs read(Path pairsFile, Path imageRoot) throws IOException {
    List<String> lines = Files.readAllLines(pairsFile).stream().filter(l -> !l.isBlank()).toList();
    String[] header = lines.get(0).trim().split("\\s+");
    int folds = Integer.parseInt(header[0]);
    int perHalf = Integer.parseInt(header[1]);
    if (lines.size() < 1 + folds * 2 * perHalf) {
      throw new IOException(pairsFile + ": header promises " + folds * 2 * perHalf + " pairs, file has " + (lines.size() - 1));
    }
    List<Pair> pairs = new ArrayList<>();
    int line = 1;
    for (int f = 1; f <= folds; f++) {
      for (int i = 0; i < 2 * perHalf; i++, line++) {
        String[] p = lines.get(line).trim().split("\\s+");
        if (p.length == 3) {
          pairs.add(new Pair(f, image(imageRoot, p[0], p[1]), image(imageRoot, p[0], p[2]), true));
        } else if (p.length == 4) {
          pairs.add(new Pair(f, image(imageRoot, p[0], p[1]), image(imageRoot, p[2], p[3]), false));
        } else {
          throw new IOException(pairsFile + " line " + (line + 1) + ": expected 3 or 4 fields: " + lines.get(line));
        }
      }
    }
    return new LfwPairs(List.copyOf(pairs), folds);
  }

  private static Path image(Path root, String name, String index) {
    return root.resolve(name).resolve(String.format("%s_%04d.jpg", name, Integer.parseInt(index)));
  }

  /**
   * The first {@code perFold / 2} same-person and {@code perFold / 2} different-person pairs of every fold:
   * a smaller run with the same protocol (and the same folds, so thresholds are still chosen on the others).
   */
  public LfwPairs subset(int perFold) {
    List<Pair> out = new ArrayList<>();
    for (int f = 1; f <= folds; f++) {
      final int fold = f;
      for (boolean same : new boolean[] {true, false}) {
        pairs.stream().filter(p -> p.fold() == fold && p.same() == same).limit(perFold / 2).forEach(out::add);
      }
    }
    return new LfwPairs(List.copyOf(out), folds);
  }

  /** Every image the pairs name, once, in first-use order. */
  public List<Path> images() {
    Set<Path> set = new LinkedHashSet<>();
    for (Pair p : pairs) {
      set.add(p.first());
      set.add(p.second());
    }
    return List.copyOf(set);
  }
}
