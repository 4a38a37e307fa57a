package io.deepface.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledPairsTest {
  @TempDir
  Path dir;

  private static String person(Path photo) {
    return photo.getParent().getFileName().toString();
  }

  @Test
  void lfwsPairsFileKeepsItsFoldsAndFindsThePhotos() {
    LabelledPairs pairs = LabelledPairs.readPairsFile(TestData.datasetsDir().resolve("lfw-dev/pairs.txt"), 10);
    assertThat(pairs.folds()).isEqualTo(5);
    assertThat(pairs.pairs()).hasSize(3000);
    assertThat(pairs.genuine()).isEqualTo(1500);
    assertThat(pairs.pairs().get(0).fold()).isEqualTo(1);
    assertThat(pairs.pairs().get(2999).fold()).isEqualTo(5);
    assertThat(pairs.images()).allMatch(Files::isRegularFile);
    assertThat(pairs.pairs()).allMatch(p -> p.same() == person(p.first()).equals(person(p.second())));
  }

  @Test
  void aTabSeparatedFileResolvesRelativePathsAndCutsFoldsInFileOrder() throws Exception {
    StringBuilder text = new StringBuilder("# staff photos\n");
    for (int i = 0; i < 10; i++) {
      text.append("a/").append(i).append(".jpg\tb/").append(i).append(".jpg\t").append(i % 2).append('\n');
    }
    Path file = Files.writeString(dir.resolve("pairs.tsv"), text);
    LabelledPairs pairs = LabelledPairs.readPairsFile(file, 5);
    assertThat(pairs.pairs()).hasSize(10);
    assertThat(pairs.pairs()).extracting(LabelledPairs.ImagePair::fold).containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
    assertThat(pairs.pairs().get(1).same()).isTrue();
    assertThat(pairs.pairs().get(0).first()).isEqualTo(dir.resolve("a/0.jpg"));

    Path withFolds = Files.writeString(dir.resolve("folds.tsv"), "x.jpg\ty.jpg\t1\t2\nx.jpg\tz.jpg\t0\t1\n");
    LabelledPairs two = LabelledPairs.readPairsFile(withFolds, 10);
    assertThat(two.folds()).isEqualTo(2);
    assertThat(two.pairs()).extracting(LabelledPairs.ImagePair::fold).containsExactly(2, 1);
  }

  @Test
  void malformedPairsFilesAreRefusedWithTheLine() throws Exception {
    Path spaces = Files.writeString(dir.resolve("spaces.tsv"), "a.jpg b.jpg 1\n");
    assertThatThrownBy(() -> LabelledPairs.readPairsFile(spaces, 2)).isInstanceOf(CalibrationException.class)
        .hasMessageContaining("line 1").hasMessageContaining("tab-separated");
    Path label = Files.writeString(dir.resolve("label.tsv"), "a.jpg\tb.jpg\t1\na.jpg\tc.jpg\tyes\n");
    assertThatThrownBy(() -> LabelledPairs.readPairsFile(label, 2)).hasMessageContaining("line 2")
        .hasMessageContaining("\"yes\"");
    Path oneKind = Files.writeString(dir.resolve("same.tsv"), "a.jpg\tb.jpg\t1\nc.jpg\td.jpg\t1\n");
    assertThatThrownBy(() -> LabelledPairs.readPairsFile(oneKind, 2)).hasMessageContaining("0 different");
    Path mixed = Files.writeString(dir.resolve("mixed.tsv"), "a.jpg\tb.jpg\t1\t1\nc.jpg\td.jpg\t0\n");
    assertThatThrownBy(() -> LabelledPairs.readPairsFile(mixed, 2)).hasMessageContaining("on every line or on none");
    assertThatThrownBy(() -> LabelledPairs.readPairsFile(dir.resolve("none.tsv"), 2))
        .isInstanceOf(CalibrationException.class).hasMessageContaining("none.tsv");
    Path empty = Files.writeString(dir.resolve("empty.tsv"), "# nothing\n\n");
    assertThatThrownBy(() -> LabelledPairs.readPairsFile(empty, 2)).hasMessageContaining("no pairs");
  }

  @Test
  void peopleAreDealtToFoldsSoNoPersonIsInTwoAndImpostorsStayInsideAFold() {
    Path images = TestData.datasetsDir().resolve("lfw-dev/images");
    LabelledPairs pairs = LabelledPairs.fromIdentities(images, 5, 10, 20_000, 42);
    assertThat(pairs.folds()).isEqualTo(5);
    Map<String, Integer> foldOf = new HashMap<>();
    for (LabelledPairs.ImagePair p : pairs.pairs()) {
      for (Path photo : List.of(p.first(), p.second())) {
        Integer before = foldOf.putIfAbsent(person(photo), p.fold());
        assertThat(before == null || before == p.fold()).as(person(photo) + " in two folds").isTrue();
      }
      assertThat(p.same()).isEqualTo(person(p.first()).equals(person(p.second())));
    }
    assertThat(pairs.impostors()).isBetween(19_900L, 20_100L);
    Set<String> keys = new HashSet<>();
    pairs.pairs().forEach(p -> assertThat(keys.add(p.first() + "|" + p.second())).isTrue());
    // At most 10 same-person pairs for anyone (George W Bush has hundreds of photos).
    Map<String, Integer> genuinePerPerson = new HashMap<>();
    pairs.pairs().stream().filter(LabelledPairs.ImagePair::same)
        .forEach(p -> genuinePerPerson.merge(person(p.first()), 1, Integer::sum));
    assertThat(genuinePerPerson.values()).allMatch(n -> n <= 10);
    assertThat(LabelledPairs.fromIdentities(images, 5, 10, 20_000, 42)).isEqualTo(pairs);
    assertThat(LabelledPairs.fromIdentities(images, 5, 10, 20_000, 7)).isNotEqualTo(pairs);
  }

  @Test
  void aCsvOfPhotosAndPeopleWorksLikeAFolderPerPerson() throws Exception {
    Path csv = Files.writeString(dir.resolve("people.csv"), "image,person\n"
        + "p/a1.jpg,Ann\np/a2.jpg,Ann\np/b1.jpg,Bob\np/b2.jpg,Bob\np/c1.jpg,Cid\np/d1.jpg,Dee\n");
    LabelledPairs pairs = LabelledPairs.fromIdentityCsv(csv, 2, 5, 100, 1);
    assertThat(pairs.genuine()).isEqualTo(2);
    assertThat(pairs.impostors()).isPositive();
    assertThat(pairs.images()).allMatch(p -> p.startsWith(dir.resolve("p")));
    Path bad = Files.writeString(dir.resolve("bad.csv"), "p/a1.jpg Ann\n");
    assertThatThrownBy(() -> LabelledPairs.fromIdentityCsv(bad, 2, 5, 100, 1)).isInstanceOf(CalibrationException.class)
        .hasMessageContaining("line 1");
    Path few = Files.writeString(dir.resolve("few.csv"), "p/a1.jpg,Ann\np/a2.jpg,Ann\np/b1.jpg,Bob\n");
    assertThatThrownBy(() -> LabelledPairs.fromIdentityCsv(few, 2, 5, 100, 1)).hasMessageContaining("2 people");
  }
}
