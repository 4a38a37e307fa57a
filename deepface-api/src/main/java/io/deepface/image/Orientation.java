package io.deepface.image;

/** Applies an EXIF orientation tag (1 to 8) so that the image is shown upright. */
final class Orientation {
  private Orientation() {}

  static RgbImage apply(RgbImage image, int orientation) {
    if (orientation < 2 || orientation > 8) {
      return image;
    }
    int w = image.width();
    int h = image.height();
    boolean swap = orientation >= 5;
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    byte[] src = image.data();
    byte[] out = new byte[src.length];
    int o = 0;
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = w - 1 - x; sy = y; }            // mirrored left-right
          case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }    // rotated 180
          case 4 -> { sx = x; sy = h - 1 - y; }            // mirrored top-bottom
          case 5 -> { sx = y; sy = x; }                    // transposed
          case 6 -> { sx = y; sy = h - 1 - x; }            // shown after turning 90 clockwise
          case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }    // transversed
          default -> { sx = w - 1 - y; sy = x; }           // 8: shown after turning 90 anticlockwise
        }
        int s = (sy * w + sx) * 3;
        out[o++] = src[s];
        out[o++] = src[s + 1];
        out[o++] = src[s + 2];
      }
    }
    return RgbImage.wrap(ow, oh, out);
  }
}
