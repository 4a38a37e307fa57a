package io.deepface.runtime;

import io.deepface.image.RgbImage;
import java.util.List;

/**
 * Packs images into model input tensors. One implementation for every backend, so preprocessing is
 * identical whatever runs the graph.
 */
public final class ImageTensors {
  /** Channel order a model was trained with. */
  public enum ChannelOrder { RGB, BGR }

  private ImageTensors() {}

  /**
   * {@code [N, 3, H, W]}: value {@code (pixel - mean[c]) / std[c]} with channels in {@code order}
   * ({@code mean} and {@code std} are given in that order too). All images must share one size.
   */
  public static Tensor nchw(List<RgbImage> images, ChannelOrder order, float[] mean, float[] std) {
    RgbImage first = images.get(0);
    int w = first.width();
    int h = first.height();
    int plane = w * h;
    float[] out = new float[images.size() * 3 * plane];
    int[] src = order == ChannelOrder.RGB ? new int[] {0, 1, 2} : new int[] {2, 1, 0};
    // One table per output channel: the normalised value of each byte, computed as the loop used to.
    float[][] lut = new float[3][256];
    for (int c = 0; c < 3; c++) {
      float m = mean[c];
      float k = 1f / std[c];
      for (int v = 0; v < 256; v++) {
        lut[c][v] = (v - m) * k;
      }
    }
    float[] l0 = lut[0];
    float[] l1 = lut[1];
    float[] l2 = lut[2];
    int s0 = src[0];
    int s1 = src[1];
    int s2 = src[2];
    for (int n = 0; n < images.size(); n++) {
      RgbImage img = images.get(n);
      if (img.width() != w || img.height() != h) {
        throw new IllegalArgumentException("batch images differ in size: " + first + " and " + img);
      }
      byte[] d = img.data();
      int o0 = n * 3 * plane;
      int o1 = o0 + plane;
      int o2 = o1 + plane;
      for (int p = 0, i = 0; p < plane; p++, i += 3) {
        out[o0 + p] = l0[d[i + s0] & 0xff];
        out[o1 + p] = l1[d[i + s1] & 0xff];
        out[o2 + p] = l2[d[i + s2] & 0xff];
      }
    }
    return Tensor.of(out, images.size(), 3, h, w);
  }

  /** {@code [N, H, W, 3]}, same normalisation as {@link #nchw}. */
  public static Tensor nhwc(List<RgbImage> images, ChannelOrder order, float[] mean, float[] std) {
    RgbImage first = images.get(0);
    int w = first.width();
    int h = first.height();
    float[] out = new float[images.size() * h * w * 3];
    int[] src = order == ChannelOrder.RGB ? new int[] {0, 1, 2} : new int[] {2, 1, 0};
    int o = 0;
    for (RgbImage img : images) {
      if (img.width() != w || img.height() != h) {
        throw new IllegalArgumentException("batch images differ in size: " + first + " and " + img);
      }
      byte[] d = img.data();
      for (int p = 0; p < w * h; p++) {
        for (int c = 0; c < 3; c++) {
          out[o++] = ((d[p * 3 + src[c]] & 0xff) - mean[c]) / std[c];
        }
      }
    }
    return Tensor.of(out, images.size(), h, w, 3);
  }

  /** A one-channel {@code [1, 1, H, W]} tensor of {@code (grey - mean) / std}. */
  public static Tensor grey(byte[] grey, int w, int h, float mean, float std) {
    float[] out = new float[w * h];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((grey[i] & 0xff) - mean) / std;
    }
    return Tensor.of(out, 1, 1, h, w);
  }

  /** Same value in every channel. */
  public static float[] all(float v) {
    return new float[] {v, v, v};
  }
}
