package io.deepface.examples.stream;

import io.deepface.image.RgbImage;
import io.deepface.opencv.video.FfmpegVideoWriter;
import io.deepface.opencv.video.PhotoClips;
import io.deepface.opencv.video.PhotoClips.Placement;
import io.deepface.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Test videos made in the test from real LFW photos: face tiles moving over a plain background, written with the
 * same FFmpeg library that reads them. Two people; each is enrolled in a gallery from other photos than the one in
 * the videos.
 */
final class StreamClips {
  static final String A = "Colin_Powell";
  static final String B = "Jennifer_Garner";
  static final int W = 320;
  static final int H = 240;
  static final double FPS = 15;
  static final int TILE = 120;

  private StreamClips() {}

  /** A person's LFW photos in file-name order. */
  static List<Path> photos(String person) {
    try (Stream<Path> s = Files.list(TestData.datasetsDir().resolve("lfw-dev/images").resolve(person))) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tile shown in the videos: the person's fifth photo (never enrolled). */
  static RgbImage tile(String person) {
    return PhotoClips.faceTile(photos(person).get(4), 0.6, TILE);
  }

  /**
   * A gallery folder: the first three photos of A and B in folders named after them, and one photo each of two
   * other people.
   */
  static Path gallery(Path dir) throws IOException {
    for (String p : List.of(A, B)) {
      Path d = Files.createDirectories(dir.resolve(p));
      for (Path photo : photos(p).subList(0, 3)) {
        Files.copy(photo, d.resolve(photo.getFileName()));
      }
    }
    for (String p : List.of("Hugo_Chavez", "Andre_Agassi")) {
      Path d = Files.createDirectories(dir.resolve(p));
      Path photo = photos(p).get(0);
      Files.copy(photo, d.resolve(photo.getFileName()));
    }
    return dir;
  }

  /** Writes {@code frames} frames, frame i showing {@code scene.apply(i)}. */
  static Path write(Path file, int frames, IntFunction<List<Placement>> scene) {
    RgbImage bg = PhotoClips.background(W, H);
    try (FfmpegVideoWriter w = FfmpegVideoWriter.create(file, W, H, FPS)) {
      for (int i = 0; i < frames; i++) {
        w.write(PhotoClips.compose(bg, scene.apply(i)));
      }
    }
    return file;
  }

  /** 0-29 (2 s): A moves left to right; 30-34 nobody; 35-64 (2 s): B moves right to left. */
  static Path oneThenAnother(Path file) {
    RgbImage a = tile(A);
    RgbImage b = tile(B);
    return write(file, 65, i -> {
      List<Placement> out = new ArrayList<>();
      if (i < 30) {
        out.add(new Placement(a, 10 + i * 6, 60));
      } else if (i >= 35) {
        out.add(new Placement(b, 190 - (i - 35) * 6, 60));
      }
      return out;
    });
  }

  /** 0-29 (2 s): A on the left moving down, B on the right moving up, both in view throughout. */
  static Path twoAtOnce(Path file) {
    RgbImage a = tile(A);
    RgbImage b = tile(B);
    return write(file, 30, i -> List.of(new Placement(a, 10, 20 + i * 3), new Placement(b, 185, 110 - i * 3)));
  }

  /**
   * A leaves and comes back: 0-19 A on the left; 20-24 nobody (0.33 s, shorter than the tracker's 1 s); 25-44 A on
   * the right, away from where it was (so only its embedding can re-attach it); 45-74 nobody (2 s); 75-94 A again.
   */
  static Path leavesAndComesBack(Path file) {
    RgbImage a = tile(A);
    return write(file, 95, i -> {
      if (i < 20) {
        return List.of(new Placement(a, 10 + i, 60));
      }
      if (i >= 25 && i < 45) {
        return List.of(new Placement(a, 190 - (i - 25), 60));
      }
      if (i >= 75) {
        return List.of(new Placement(a, 100, 60 + (i - 75)));
      }
      return List.of();
    });
  }
}
