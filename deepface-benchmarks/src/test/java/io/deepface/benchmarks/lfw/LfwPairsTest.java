package io.deepface.benchmarks.lfw;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.testing.TestData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LfwPairsTest {
  private static final Path LFW = TestData.datasetsDir().resolve("lfw-dev");

  @Test
  void readsTheFiveFoldsOfLfwDev() throws Exception {
    LfwPairs lfw = LfwPairs.read(LFW.resolve("pairs.txt"), LFW.resolve("images"));
    assertThat(lfw.folds()).isEqualTo(5);
    assertThat(lfw.pairs()).hasSize(3000);
    assertThat(lfw.pairs().stream().filter(LfwPairs.Pair::same)).hasSize(1500);
    assertThat(lfw.images()).hasSize(3811).allMatch(p -> p.toFile().isFile());
  }

  @Test
  void subsetKeepsEveryFoldHalfSameHalfDifferent() throws Exception {
    LfwPairs sub = LfwPairs.read(LFW.resolve("pairs.txt"), LFW.resolve("images")).subset(60);
    assertThat(sub.pairs()).hasSize(300);
    for (int f = 1; f <= 5; f++) {
      final int fold = f;
      assertThat(sub.pairs().stream().filter(p -> p.fold() == fold && p.same())).hasSize(30);
      assertThat(sub.pairs().stream().filter(p -> p.fold() == fold && !p.same())).hasSize(30);
    }
  }
}
