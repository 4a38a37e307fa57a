package io.deepface.components;

import io.deepface.image.RgbImage;
import io.deepface.runtime.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * How a model wants its image input: size, channels, value scaling and axis order. A value is
 * {@code pixel * scale + offset[channel]}, with pixels 0..255 in the given channel order, or for {@link
 * Channels#GREY} the luma {@code 0.2989 R + 0.587 G + 0.114 B} (the weights TF.js models were fed with).
 *
 * @param width input width in pixels
 * @param height input height in pixels
 * @param channels channel order, or grey
 * @param scale multiplies each pixel value
 * @param offset added per channel after scaling (one value for grey)
 * @param nchw {@code [N, C, H, W]} when true, else {@code [N, H, W, C]} (TF and TF.js models)
 */
public record InputFormat(int width, int height, Channels channels, float scale, float[] offset, boolean nchw) {
  /** Channel order of the input. */
  public enum Channels { RGB, BGR, GREY }

  public InputFormat {
    Objects.requireNonNull(channels, "channels");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("input size must be positive, got " + width + "x" + height);
    }
    if (offset.length != channelCount(channels)) {
      throw new IllegalArgumentException(channels + " input needs " + channelCount(channels) + " offsets, got " + offset.length);
    }
    offset = offset.clone();
  }

  /** An NHWC input of {@code size x size}. */
  public static InputFormat nhwc(int size, Channels channels, float scale, float... offset) {
    return new InputFormat(size, size, channels, scale, offset, false);
  }

  public int channelCount() {
    return channelCount(channels);
  }

  private static int channelCount(Channels c) {
    return c == Channels.GREY ? 1 : 3;
  }

  /** The batch tensor of {@code crops}, each already {@code width x height}. */
  public Tensor tensor(List<RgbImage> crops) {
    int c = channelCount();
    int plane = width * height;
    float[] out = new float[crops.size() * plane * c];
    int at = 0;
    for (RgbImage img : crops) {
      if (img.width() != width || img.height() != height) {
        throw new IllegalArgumentException("crop is " + img.width() + "x" + img.height() + ", the model takes " + width + "x" + height);
      }
      byte[] d = img.data();
      for (int p = 0; p < plane; p++) {
        float r = d[3 * p] & 0xff;
        float g = d[3 * p + 1] & 0xff;
        float b = d[3 * p + 2] & 0xff;
        if (channels == Channels.GREY) {
          out[at + p] = (0.2989f * r + 0.587f * g + 0.114f * b) * scale + offset[0];
          continue;
        }
        float first = channels == Channels.RGB ? r : b;
        float third = channels == Channels.RGB ? b : r;
        if (nchw) {
          out[at + p] = first * scale + offset[0];
          out[at + plane + p] = g * scale + offset[1];
          out[at + 2 * plane + p] = third * scale + offset[2];
        } else {
          out[at + 3 * p] = first * scale + offset[0];
          out[at + 3 * p + 1] = g * scale + offset[1];
          out[at + 3 * p + 2] = third * scale + offset[2];
        }
      }
      at += plane * c;
    }
    return nchw ? Tensor.of(out, crops.size(), c, height, width) : Tensor.of(out, crops.size(), height, width, c);
  }
}
