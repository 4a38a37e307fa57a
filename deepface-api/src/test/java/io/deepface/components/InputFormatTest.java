package io.deepface.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepface.components.InputFormat.Channels;
import io.deepface.image.RgbImage;
import io.deepface.runtime.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputFormatTest {
  /** 2x1 pixels: (10, 20, 30) and (200, 100, 50). */
  private static final RgbImage TWO = RgbImage.wrap(2, 1, new byte[] {10, 20, 30, (byte) 200, 100, 50});

  @Test
  void nhwcRgbScalesAndOffsetsEachChannel() {
    Tensor t = new InputFormat(2, 1, Channels.RGB, 0.5f, new float[] {-1, 0, 1}, false).tensor(List.of(TWO, TWO));
    assertThat(t.shape()).containsExactly(2, 1, 2, 3);
    assertThat(t.data()).startsWith(4f, 10f, 16f, 99f, 50f, 26f);
  }

  @Test
  void bgrAndNchwReorderChannelsAndAxes() {
    Tensor t = new InputFormat(2, 1, Channels.BGR, 1f, new float[] {0, 0, 0}, true).tensor(List.of(TWO));
    assertThat(t.shape()).containsExactly(1, 3, 1, 2);
    assertThat(t.data()).containsExactly(30f, 50f, 20f, 100f, 10f, 200f);
  }

  @Test
  void greyIsTheLumaOfTfjsModels() {
    Tensor t = InputFormat.nhwc(1, Channels.GREY, 2 / 255f, -1f).tensor(List.of(RgbImage.wrap(1, 1,
        new byte[] {(byte) 255, (byte) 255, (byte) 255})));
    assertThat(t.shape()).containsExactly(1, 1, 1, 1);
    assertThat(t.data()[0]).isCloseTo((0.2989f + 0.587f + 0.114f) * 2 - 1, within(1e-5f));
  }

  @Test
  void wrongSizesAreRefused() {
    assertThatThrownBy(() -> InputFormat.nhwc(3, Channels.RGB, 1, 0, 0, 0).tensor(List.of(TWO)))
        .hasMessageContaining("2x1");
    assertThatThrownBy(() -> InputFormat.nhwc(3, Channels.GREY, 1, 0, 0)).hasMessageContaining("1 offsets");
  }
}
