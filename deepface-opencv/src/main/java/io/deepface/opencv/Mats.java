package io.deepface.opencv;

import io.deepface.DeepFaceException;
import io.deepface.image.RgbImage;
import io.deepface.runtime.Tensor;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/** Conversions between the library's types and OpenCV {@link Mat}s: one copy across the JNI boundary each way. */
final class Mats {
  private Mats() {}

  /** A new {@code CV_32F} Mat of the tensor's shape holding its values (one copy into native memory). */
  static Mat fromTensor(Tensor t) {
    long[] shape = t.shape();
    int[] sizes = new int[shape.length];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = Math.toIntExact(shape[i]);
    }
    Mat m = new Mat(sizes, CvType.CV_32F);
    if (t.data().length > 0) {
      m.put(new int[sizes.length], t.data());
    }
    return m;
  }

  /** The values and shape of a {@code CV_32F} Mat (one copy out of native memory). */
  static Tensor toTensor(Mat m) {
    if (m.depth() != CvType.CV_32F) {
      throw new DeepFaceException("expected a float32 output, got OpenCV type " + CvType.typeToString(m.type()));
    }
    Mat c = m.isContinuous() ? m : m.clone();
    try {
      int dims = c.dims();
      long[] shape = new long[dims];
      for (int i = 0; i < dims; i++) {
        shape[i] = c.size(i);
      }
      float[] data = new float[Math.toIntExact(c.total() * c.channels())];
      if (data.length > 0) {
        c.get(new int[dims], data);
      }
      if (c.channels() > 1) {
        long[] withChannels = java.util.Arrays.copyOf(shape, dims + 1);
        withChannels[dims] = c.channels();
        shape = withChannels;
      }
      return new Tensor(data, shape);
    } finally {
      if (c != m) {
        c.release();
      }
    }
  }

  /** The image as an 8-bit 3-channel BGR Mat, OpenCV's usual colour order. */
  static Mat bgr(RgbImage image) {
    Mat rgb = new Mat(image.height(), image.width(), CvType.CV_8UC3);
    try {
      rgb.put(0, 0, image.data());
      Mat bgr = new Mat();
      Imgproc.cvtColor(rgb, bgr, Imgproc.COLOR_RGB2BGR);
      return bgr;
    } finally {
      rgb.release();
    }
  }

  /** The image as an 8-bit grey Mat (OpenCV's RGB to grey weights). */
  static Mat grey(RgbImage image) {
    Mat rgb = new Mat(image.height(), image.width(), CvType.CV_8UC3);
    try {
      rgb.put(0, 0, image.data());
      Mat grey = new Mat();
      Imgproc.cvtColor(rgb, grey, Imgproc.COLOR_RGB2GRAY);
      return grey;
    } finally {
      rgb.release();
    }
  }

  static void release(Mat... mats) {
    for (Mat m : mats) {
      if (m != null) {
        m.release();
      }
    }
  }
}
