package io.deepface.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingAdapterTest {
  @TempDir
  Path dir;

  private static EmbeddingAdapter rotation() {
    // Swaps the two axes of 2-d vectors and shifts them a little.
    return new EmbeddingAdapter("faceplugin-512", 2, 2, new float[] {0, 1, 1, 0}, new float[] {0.5f, 0}, "test");
  }

  @Test
  void theIdentityAdapterOnlyNormalises() {
    float[] y = EmbeddingAdapter.identity("fusion", 3).apply(new float[] {3, 0, 4});
    assertThat(y[0]).isCloseTo(0.6f, within(1e-6f));
    assertThat(y[2]).isCloseTo(0.8f, within(1e-6f));
  }

  @Test
  void applyMapsNormalisedInputsAndReturnsUnitVectors() {
    float[] y = rotation().apply(new float[] {0, 10});
    // normalise -> (0, 1); W x = (1, 0); + b = (1.5, 0); normalised (1, 0).
    assertThat(y).containsExactly(1f, 0f);
    assertThatThrownBy(() -> rotation().apply(new float[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2-d vectors of faceplugin-512");
  }

  @Test
  void aSavedAdapterLoadsAsItWasAndADamagedOneIsRefused() throws Exception {
    Path file = dir.resolve("a/staff.adapter");
    rotation().save(file);
    EmbeddingAdapter back = EmbeddingAdapter.load(file);
    assertThat(back.baseEmbedder()).isEqualTo("faceplugin-512");
    assertThat(back.weights()).containsExactly(0, 1, 1, 0);
    assertThat(back.bias()).containsExactly(0.5f, 0);
    assertThat(back.sha256()).isEqualTo(rotation().sha256());
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
    byte[] bytes = Files.readAllBytes(file);
    Path truncated = Files.write(dir.resolve("truncated.adapter"), Arrays.copyOf(bytes, bytes.length - 40));
    assertThatThrownBy(() -> EmbeddingAdapter.load(truncated)).isInstanceOf(AdapterException.class)
        .hasMessageContaining("truncated.adapter");
    byte[] flipped = bytes.clone();
    flipped[40] ^= 1;
    Path damaged = Files.write(dir.resolve("damaged.adapter"), flipped);
    assertThatThrownBy(() -> EmbeddingAdapter.load(damaged)).isInstanceOf(AdapterException.class)
        .hasMessageContaining("damaged");
    Path text = Files.writeString(dir.resolve("text.adapter"), "this is not an adapter, just some text here");
    assertThatThrownBy(() -> EmbeddingAdapter.load(text)).hasMessageContaining("not an embedding adapter");
    assertThatThrownBy(() -> EmbeddingAdapter.load(dir.resolve("none.adapter"))).hasMessageContaining("does not exist");
  }

  @Test
  void namesSplitIntoBaseAndFile() {
    assertThat(AdaptedEmbedder.parse("fusion+adapter:/models/staff.adapter")).get()
        .isEqualTo(new AdaptedEmbedder.Parts("fusion", Path.of("/models/staff.adapter")));
    assertThat(AdaptedEmbedder.parse("fusion")).isEmpty();
    assertThat(AdaptedEmbedder.parse("fusion+adapter:")).isEmpty();
    assertThatThrownBy(() -> new EmbeddingAdapter("a+adapter:b", 1, 1, new float[1], new float[1], ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
