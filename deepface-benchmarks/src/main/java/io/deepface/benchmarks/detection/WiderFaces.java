package io.deepface.benchmarks.detection;

import io.deepface.face.FaceBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A WIDER FACE style development set: a folder of photos and a {@code labels.csv} with one row per face
 * ({@code file, x, y, w, h, ignore, difficulty, ...}: top-left corner and size in pixels, 1 when the face counts
 * neither as a hit nor as a false detection, and the easiest official subset holding the face: {@code easy},
 * {@code medium}, {@code hard} or {@code none}).
 *
 * @param dir the folder holding {@code labels.csv} and the photos
 * @param images every photo with its faces, in the order of {@code labels.csv}
 */
public record WiderFaces(Path dir, List<Photo> images) {

  /** The easiest official subset a face belongs to; the subsets nest (easy within medium within hard). */
  public enum Difficulty {
    EASY, MEDIUM, HARD, NONE;

    static Difficulty parse(String s) {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    }
  }

  /**
   * One labelled face.
   *
   * @param box the face's box
   * @param ignore true when it counts neither as a hit nor as a false detection (WIDER's invalid faces, faces
   *     under 10 px wide)
   * @param difficulty the easiest official subset holding it
   */
  public record Face(FaceBox box, boolean ignore, Difficulty difficulty) {
    /** Whether this face is scored in {@code subset}: not ignored, and in a subset at most as hard. */
    public boolean scoredIn(Difficulty subset) {
      return !ignore && difficulty != Difficulty.NONE && difficulty.ordinal() <= subset.ordinal();
    }
  }

  /** One photo: its path relative to the set's folder, and its faces. */
  public record Photo(String file, List<Face> faces) {}

  /** Reads {@code dir/labels.csv}. */
  public static WiderFaces read(Path dir) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve("labels.csv"));
    if (lines.isEmpty() || !lines.get(0).startsWith("file,x,y,w,h,ignore,difficulty")) {
      throw new IOException(dir.resolve("labels.csv") + " does not start with file,x,y,w,h,ignore,difficulty");
    }
    Map<String, List<Face>> byFile = new LinkedHashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",");
      try {
        Face face = new Face(new FaceBox(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
            Double.parseDouble(f[4])), f[5].strip().equals("1"), Difficulty.parse(f[6]));
        byFile.computeIfAbsent(f[0], k -> new ArrayList<>()).add(face);
      } catch (RuntimeException e) {
        throw new IOException("labels.csv line " + (i + 1) + ": cannot read '" + line + "'", e);
      }
    }
    List<Photo> photos = new ArrayList<>();
    byFile.forEach((file, faces) -> photos.add(new Photo(file, List.copyOf(faces))));
    return new WiderFaces(dir, List.copyOf(photos));
  }

  /** The photo's full path. */
  public Path path(Photo photo) {
    return dir.resolve(photo.file());
  }

  /** How many faces are scored in {@code subset}. */
  public int scored(Difficulty subset) {
    return (int) images.stream().flatMap(p -> p.faces().stream()).filter(f -> f.scoredIn(subset)).count();
  }
}
