package io.deepface.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.runtime.ImageTensors;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast paths of {@link ImageOps} and {@link ImageTensors} give exactly the bytes and floats of the plain
 * per-pixel definitions below (the implementations before they were optimised).
 */
class ImageOpsTest {
  private static RgbImage random(Random r, int w, int h) {
    byte[] d = new byte[w * h * 3];
    r.nextBytes(d);
    return RgbImage.wrap(w, h, d);
  }

  @Test
  void warpEqualsThePlainBilinearDefinition() {
    Random r = new Random(7);
    for (int i = 0; i < 200; i++) {
      RgbImage src = random(r, 5 + r.nextInt(60), 5 + r.nextInt(60));
      // Rotations, scales and shifts that put parts of the crop outside the source.
      AffineTransform t = AffineTransform.similarity(0.3 + 2 * r.nextDouble(), r.nextDouble() * 6.3,
          r.nextGaussian() * 20, r.nextGaussian() * 20);
      int w = 1 + r.nextInt(40);
      int h = 1 + r.nextInt(40);
      assertThat(ImageOps.warpAffine(src, t, w, h).data()).isEqualTo(plainSample(src, t.inverse(), w, h, false));
    }
  }

  @Test
  void resizeEqualsTheBlockAverageThenBilinearDefinition() {
    Random r = new Random(8);
    int[][] sizes = {{250, 250, 112, 112}, {640, 360, 640, 360}, {190, 108, 64, 36}, {193, 101, 64, 36}, {30, 20, 97, 41},
        {300, 200, 299, 201}, {17, 13, 5, 3}, {120, 90, 40, 30}};
    for (int[] s : sizes) {
      RgbImage src = random(r, s[0], s[1]);
      assertThat(ImageOps.resize(src, s[2], s[3]).data()).as("%dx%d to %dx%d", s[0], s[1], s[2], s[3])
          .isEqualTo(plainResize(src, s[2], s[3]));
    }
  }

  @Test
  void nchwEqualsThePlainNormalisation() {
    Random r = new Random(9);
    List<RgbImage> batch = List.of(random(r, 13, 7), random(r, 13, 7));
    float[] mean = {104f, 117f, 123f};
    float[] std = {58.4f, 57.1f, 1f};
    for (ImageTensors.ChannelOrder order : ImageTensors.ChannelOrder.values()) {
      float[] got = ImageTensors.nchw(batch, order, mean, std).data();
      int[] src = order == ImageTensors.ChannelOrder.RGB ? new int[] {0, 1, 2} : new int[] {2, 1, 0};
      int plane = 13 * 7;
      for (int n = 0; n < 2; n++) {
        byte[] d = batch.get(n).data();
        for (int c = 0; c < 3; c++) {
          for (int p = 0; p < plane; p++) {
            float expected = ((d[p * 3 + src[c]] & 0xff) - mean[c]) * (1f / std[c]);
            assertThat(got[n * 3 * plane + c * plane + p]).isEqualTo(expected);
          }
        }
      }
    }
  }

  private static byte[] plainResize(RgbImage src, int w, int h) {
    int fx = Math.max(1, src.width() / w);
    int fy = Math.max(1, src.height() / h);
    RgbImage s = fx > 1 || fy > 1 ? plainShrink(src, fx, fy) : src;
    double sx = (double) s.width() / w;
    double sy = (double) s.height() / h;
    return plainSample(s, new AffineTransform(sx, 0, 0.5 * sx - 0.5, 0, sy, 0.5 * sy - 0.5), w, h, true);
  }

  private static RgbImage plainShrink(RgbImage src, int fx, int fy) {
    int w = (src.width() + fx - 1) / fx;
    int h = (src.height() + fy - 1) / fy;
    int[] acc = new int[w * h * 3];
    int[] count = new int[w * h];
    for (int y = 0; y < src.height(); y++) {
      for (int x = 0; x < src.width(); x++) {
        int o = (y / fy) * w + x / fx;
        count[o]++;
        for (int c = 0; c < 3; c++) {
          acc[o * 3 + c] += src.data()[(y * src.width() + x) * 3 + c] & 0xff;
        }
      }
    }
    byte[] out = new byte[w * h * 3];
    for (int i = 0; i < out.length; i++) {
      int n = count[i / 3];
      out[i] = (byte) ((acc[i] + n / 2) / n);
    }
    return RgbImage.wrap(w, h, out);
  }

  private static byte[] plainSample(RgbImage src, AffineTransform m, int w, int h, boolean clamp) {
    byte[] out = new byte[w * h * 3];
    for (int v = 0; v < h; v++) {
      for (int u = 0; u < w; u++) {
        double x = m.a() * u + m.b() * v + m.c();
        double y = m.d() * u + m.e() * v + m.f();
        if (clamp) {
          x = Math.min(Math.max(x, 0), src.width() - 1);
          y = Math.min(Math.max(y, 0), src.height() - 1);
        }
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        if (x0 < -1 || y0 < -1 || x0 >= src.width() || y0 >= src.height()) {
          continue;
        }
        double fx = x - x0;
        double fy = y - y0;
        for (int ch = 0; ch < 3; ch++) {
          double s = (1 - fx) * (1 - fy) * px(src, x0, y0, ch) + fx * (1 - fy) * px(src, x0 + 1, y0, ch)
              + (1 - fx) * fy * px(src, x0, y0 + 1, ch) + fx * fy * px(src, x0 + 1, y0 + 1, ch);
          out[(v * w + u) * 3 + ch] = (byte) Math.min(255, (int) (s + 0.5));
        }
      }
    }
    return out;
  }

  private static int px(RgbImage img, int x, int y, int ch) {
    return x < 0 || y < 0 || x >= img.width() || y >= img.height() ? 0 : img.data()[(y * img.width() + x) * 3 + ch] & 0xff;
  }
}
