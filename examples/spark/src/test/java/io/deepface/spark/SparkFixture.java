package io.deepface.spark;

import io.deepface.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * What this module's tests share in their one JVM: a single local Spark session ({@code local[2]}, loopback only, no
 * UI; Spark's start-up is paid once for every test class), a copy of some lfw-dev images in a temporary folder
 * (the shared folder is read-only) and one represent run over them.
 */
final class SparkFixture {
  /**
   * People copied from lfw-dev (the first ones with at least three photos): the first of their photos, and the second
   * one of the first four.
   */
  static final int PEOPLE = 14;

  private static SparkSession spark;
  private static Path root;
  private static Path images;
  private static Path embeddings;
  private static JobSummary firstRun;

  private SparkFixture() {}

  static synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkSession.builder().master("local[2]").appName("deepface-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.default.parallelism", "2")
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }

  /** A temporary folder for this JVM's tests. */
  static synchronized Path root() {
    if (root == null) {
      try {
        root = Files.createTempDirectory("deepface-spark");
        Path made = root;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(made)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  /** The copied lfw-dev photos, in a folder per person (no broken file among them). */
  static synchronized Path images() {
    if (images == null) {
      images = root().resolve("photos");
      try (Stream<Path> people = Files.list(TestData.datasetsDir().resolve("lfw-dev/images"))) {
        List<Path> chosen = people.sorted().filter(p -> count(p) >= 3).limit(PEOPLE).toList();
        for (int i = 0; i < chosen.size(); i++) {
          List<Path> photos;
          try (Stream<Path> s = Files.list(chosen.get(i))) {
            photos = s.sorted().limit(i < 4 ? 2 : 1).toList();
          }
          for (Path p : photos) {
            Path to = images.resolve(chosen.get(i).getFileName().toString()).resolve(p.getFileName().toString());
            Files.createDirectories(to.getParent());
            Files.copy(p, to);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return images;
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Left for the system's temporary-file cleaning.
    }
  }

  private static long count(Path folder) {
    try (Stream<Path> s = Files.list(folder)) {
      return s.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A photo of the last copied person that was not copied (a query whose person is in the table). */
  static Path unseenPhoto() {
    List<Path> copied = photos();
    Path person = copied.get(copied.size() - 1).getParent();
    try (Stream<Path> s = Files.list(TestData.datasetsDir().resolve("lfw-dev/images").resolve(person.getFileName()
        .toString()))) {
      return s.sorted().skip(2).findFirst().orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every copied photo, sorted. */
  static List<Path> photos() {
    try (Stream<Path> s = Files.walk(images())) {
      return new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The represent output of {@link #images()} with the default options (written once). */
  static synchronized Path embeddings() {
    if (embeddings == null) {
      embeddings = root().resolve("embeddings");
      firstRun = RepresentJob.create(spark(), SparkFaceOptions.defaults()).run(images().toString(),
          embeddings.toString());
    }
    return embeddings;
  }

  /** The summary of the run that wrote {@link #embeddings()}. */
  static synchronized JobSummary firstRun() {
    embeddings();
    return firstRun;
  }
}
