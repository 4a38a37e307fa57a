package io.deepface.opencv.video;

import io.deepface.image.ImageDecoder;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Composes videos from still photos, for tests, benchmarks and demos: face tiles (the central part of a portrait,
 * scaled) placed on a plain textured background, a frame at a time. Deterministic. Thread-safe.
 */
public final class PhotoClips {
  private PhotoClips() {}

  /** A face on a frame: the tile's top-left corner at (x, y); parts outside the frame are cut. */
  public record Placement(RgbImage tile, int x, int y) {
    public Placement {
      Objects.requireNonNull(tile, "tile");
    }
  }

  /**
   * The central square of a portrait ({@code fraction} of its shorter side; 0.6 keeps an LFW photo's face and
   * little else), scaled to {@code size} pixels square.
   */
  public static RgbImage faceTile(Path photo, double fraction, int size) {
    RgbImage im = ImageDecoder.defaults().decode(ImageInput.of(photo));
    int side = (int) Math.round(Math.min(im.width(), im.height()) * fraction);
    RgbImage crop = im.crop((im.width() - side) / 2, (im.height() - side) / 2, side, side);
    return scale(crop, size, size);
  }

  /** Bilinear scaling. */
  public static RgbImage scale(RgbImage src, int w, int h) {
    byte[] s = src.data();
    byte[] out = new byte[w * h * 3];
    double sx = (double) src.width() / w;
    double sy = (double) src.height() / h;
    for (int y = 0; y < h; y++) {
      double fy = Math.max(0, (y + 0.5) * sy - 0.5);
      int y0 = Math.min((int) fy, src.height() - 1);
      int y1 = Math.min(y0 + 1, src.height() - 1);
      double wy = fy - y0;
      for (int x = 0; x < w; x++) {
        double fx = Math.max(0, (x + 0.5) * sx - 0.5);
        int x0 = Math.min((int) fx, src.width() - 1);
        int x1 = Math.min(x0 + 1, src.width() - 1);
        double wx = fx - x0;
        for (int c = 0; c < 3; c++) {
          double a = s[(y0 * src.width() + x0) * 3 + c] & 0xff;
          double b = s[(y0 * src.width() + x1) * 3 + c] & 0xff;
          double d = s[(y1 * src.width() + x0) * 3 + c] & 0xff;
          double e = s[(y1 * src.width() + x1) * 3 + c] & 0xff;
          double v = (a * (1 - wx) + b * wx) * (1 - wy) + (d * (1 - wx) + e * wx) * wy;
          out[(y * w + x) * 3 + c] = (byte) Math.round(v);
        }
      }
    }
    return RgbImage.wrap(w, h, out);
  }

  /** A quiet background: a soft two-colour gradient with a faint fixed texture (no face-like structure). */
  public static RgbImage background(int w, int h) {
    byte[] out = new byte[w * h * 3];
    long seed = 0x9E3779B97F4A7C15L;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        int noise = (int) ((seed >>> 59) & 7) - 4;
        int i = (y * w + x) * 3;
        out[i] = (byte) clamp(90 + 60 * x / w + noise);
        out[i + 1] = (byte) clamp(110 + 40 * y / h + noise);
        out[i + 2] = (byte) clamp(140 - 30 * x / w + noise);
      }
    }
    return RgbImage.wrap(w, h, out);
  }

  /** {@code background} with the tiles pasted on it, in order. */
  public static RgbImage compose(RgbImage background, List<Placement> placements) {
    byte[] out = background.data().clone();
    int w = background.width();
    int h = background.height();
    for (Placement p : placements) {
      RgbImage t = p.tile();
      byte[] td = t.data();
      for (int ty = 0; ty < t.height(); ty++) {
        int y = p.y() + ty;
        if (y < 0 || y >= h) {
          continue;
        }
        int x0 = Math.max(0, p.x());
        int x1 = Math.min(w, p.x() + t.width());
        if (x1 <= x0) {
          continue;
        }
        System.arraycopy(td, (ty * t.width() + (x0 - p.x())) * 3, out, (y * w + x0) * 3, (x1 - x0) * 3);
      }
    }
    return RgbImage.wrap(w, h, out);
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
