package io.deepface.model.convert.faceapi;

import io.deepface.model.convert.onnx.OnnxModelBuilder;
import io.deepface.model.convert.onnx.OnnxModelBuilder.Attribute;
import io.deepface.model.convert.onnx.OnnxModelBuilder.ElementType;
import io.deepface.model.convert.tfjs.TfjsWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The layers face-api's networks are made of, written as ONNX nodes the way TF.js computes them: feature maps
 * are NCHW inside the graph, convolutions and pools pad as TF's {@code 'same'} rule says (asymmetric for stride 2
 * on even sizes), and every weight is checked against the shape the architecture expects before use.
 *
 * <p>Spatial sizes are known from the fixed 112x112 input, so every pad is explicit. Not thread-safe; one instance
 * builds one graph.
 */
final class FaceApiGraph {
  /** A feature map in the ONNX graph: value name, channels and spatial size (batch is symbolic). */
  record Feature(String value, int channels, int height, int width) {}

  /** A batch of vectors {@code [N, size]}. */
  record Vector(String value, int size) {}

  /** The symbolic batch dimension of inputs and outputs. */
  static final String BATCH = "N";

  private final String net;
  private final TfjsWeights weights;
  private final OnnxModelBuilder onnx;

  FaceApiGraph(String net, TfjsWeights weights, int opset) {
    this.net = net;
    this.weights = weights;
    this.onnx = new OnnxModelBuilder(net, opset);
  }

  OnnxModelBuilder onnx() {
    return onnx;
  }

  /**
   * Declares the NHWC RGB input {@code [N, size, size, 3]} (pixel values 0..255), moves it to NCHW and applies
   * face-api's {@code normalize(x, meanRgb).div(divisor)}.
   */
  Feature normalisedInput(String name, int size, float[] meanRgb, float divisor) {
    String in = onnx.input(name, ElementType.FLOAT, BATCH, size, size, 3);
    String nchw = onnx.node("Transpose", "input_nchw", List.of(in), Attribute.ints("perm", 0, 3, 1, 2));
    String mean = onnx.constant("mean_rgb", meanRgb.clone(), 1, 3, 1, 1);
    String centred = onnx.node("Sub", "centred", List.of(nchw, mean));
    String scale = onnx.constant("divisor", new float[] {divisor});
    return new Feature(onnx.node("Div", "normalised", List.of(centred, scale)), 3, size, size);
  }

  /** {@code conv2d(x, prefix/filters, stride, 'same') + prefix/bias}, filters {@code [k, k, in, out]}. */
  Feature conv(Feature x, String prefix, int kernel, int outChannels, int stride) {
    float[] f = weight(prefix + "/filters", kernel, kernel, x.channels(), outChannels);
    float[] b = weight(prefix + "/bias", outChannels);
    String w = onnx.constant(prefix + "/kernel", convKernel(f, kernel, x.channels(), outChannels), outChannels,
        x.channels(), kernel, kernel);
    String bias = onnx.constant(prefix + "/bias", b, outChannels);
    return convNode(x, prefix, List.of(w, bias), kernel, stride, outChannels, 1);
  }

  /**
   * face-api's {@code depthwiseSeparableConv}: a 3x3 depthwise convolution ({@code 'same'}, stride {@code stride}),
   * then a 1x1 pointwise convolution plus {@code prefix/bias}.
   */
  Feature separableConv(Feature x, String prefix, int outChannels, int stride) {
    int c = x.channels();
    float[] dw = weight(prefix + "/depthwise_filter", 3, 3, c, 1);
    float[] pw = weight(prefix + "/pointwise_filter", 1, 1, c, outChannels);
    float[] b = weight(prefix + "/bias", outChannels);
    String dwKernel = onnx.constant(prefix + "/depthwise_kernel", depthwiseKernel(dw, 3, c), c, 1, 3, 3);
    Feature depthwise = convNode(x, prefix + "/depthwise", List.of(dwKernel), 3, stride, c, c);
    String pwKernel =
        onnx.constant(prefix + "/pointwise_kernel", convKernel(pw, 1, c, outChannels), outChannels, c, 1, 1);
    String bias = onnx.constant(prefix + "/bias", b, outChannels);
    return convNode(depthwise, prefix, List.of(pwKernel, bias), 1, 1, outChannels, 1);
  }

  Feature relu(Feature x) {
    return with(x, onnx.node("Relu", x.value() + "/relu", List.of(x.value())));
  }

  /** {@code a + b}, both of the same shape. */
  Feature add(Feature a, Feature b, String name) {
    if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width()) {
      throw new IllegalStateException(net + ": cannot add " + a + " and " + b);
    }
    return with(a, onnx.node("Add", name, List.of(a.value(), b.value())));
  }

  /** {@code maxPool(x, [k, k], [s, s], 'same')}: ONNX pads a max pool with values that never win, as TF does. */
  Feature maxPoolSame(Feature x, int kernel, int stride, String name) {
    long[] pads = samePads(x, kernel, stride);
    String out = onnx.node("MaxPool", name, List.of(x.value()), Attribute.ints("kernel_shape", kernel, kernel),
        Attribute.ints("strides", stride, stride), Attribute.ints("pads", pads));
    return new Feature(out, x.channels(), outSize(x.height(), kernel, stride, pads[0] + pads[2]),
        outSize(x.width(), kernel, stride, pads[1] + pads[3]));
  }

  /** {@code avgPool(x, [k, k], [s, s], 'valid')}. */
  Feature avgPoolValid(Feature x, int kernel, int stride, String name) {
    if (x.height() < kernel || x.width() < kernel) {
      throw new IllegalStateException(net + ": a " + kernel + "x" + kernel + " pool does not fit " + x);
    }
    String out = onnx.node("AveragePool", name, List.of(x.value()), Attribute.ints("kernel_shape", kernel, kernel),
        Attribute.ints("strides", stride, stride), Attribute.ints("pads", 0, 0, 0, 0));
    return new Feature(out, x.channels(), outSize(x.height(), kernel, stride, 0),
        outSize(x.width(), kernel, stride, 0));
  }

  /**
   * TF's {@code as2D(N, -1)} of the NHWC tensor: {@code [N, H * W * C]} in H, W, C order. A 1x1 map is flattened
   * as it is; a larger one goes back to NHWC first, since NCHW order would differ.
   */
  Vector flatten(Feature x, String name) {
    String v = x.value();
    if (x.height() != 1 || x.width() != 1) {
      v = onnx.node("Transpose", name + "/nhwc", List.of(v), Attribute.ints("perm", 0, 2, 3, 1));
    }
    String flat = onnx.node("Flatten", name, List.of(v), Attribute.i("axis", 1));
    return new Vector(flat, x.channels() * x.height() * x.width());
  }

  /**
   * face-api's {@code fullyConnectedLayer}: {@code matMul(x, prefix/weights) + prefix/bias}; the weights are stored
   * {@code [in, out]}, as Gemm takes them without a transpose.
   */
  Vector fullyConnected(Vector x, String prefix, int out) {
    String w = onnx.constant(prefix + "/weights", weight(prefix + "/weights", x.size(), out), x.size(), out);
    String b = onnx.constant(prefix + "/bias", weight(prefix + "/bias", out), out);
    return new Vector(onnx.node("Gemm", prefix, List.of(x.value(), w, b)), out);
  }

  /** {@code softmax(x)} over each vector. */
  Vector softmax(Vector x) {
    String out = onnx.node("Softmax", x.value() + "/softmax", List.of(x.value()), Attribute.i("axis", 1));
    return new Vector(out, x.size());
  }

  /** Declares {@code x} as the graph output {@code name} of shape {@code [N, size]}. */
  void output(Vector x, String name) {
    onnx.output(onnx.identity(x.value(), name), ElementType.FLOAT, BATCH, x.size());
  }

  /**
   * The floats of weight {@code name}.
   *
   * @throws IllegalArgumentException when the weight is missing, not float, or not of shape {@code shape}
   */
  float[] weight(String name, long... shape) {
    TfjsWeights.Tensor t = weights.get(name);
    if (t == null) {
      throw new IllegalArgumentException("face-api " + net + " weights lack " + name + " (expected shape "
          + Arrays.toString(shape) + ")");
    }
    if (!Arrays.equals(t.shape(), shape)) {
      throw new IllegalArgumentException("face-api " + net + " weight " + name + " has shape "
          + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
    }
    if (!t.isFloat()) {
      throw new IllegalArgumentException("face-api " + net + " weight " + name + " is int32, expected float32");
    }
    return t.floats();
  }

  byte[] toBytes() {
    return onnx.toBytes();
  }

  private Feature convNode(Feature x, String name, List<String> params, int kernel, int stride, int outChannels,
      int group) {
    long[] pads = samePads(x, kernel, stride);
    List<String> inputs = new ArrayList<>(params.size() + 1);
    inputs.add(x.value());
    inputs.addAll(params);
    String out = onnx.node("Conv", name, inputs, Attribute.ints("kernel_shape", kernel, kernel),
        Attribute.ints("strides", stride, stride), Attribute.ints("pads", pads), Attribute.i("group", group));
    return new Feature(out, outChannels, outSize(x.height(), kernel, stride, pads[0] + pads[2]),
        outSize(x.width(), kernel, stride, pads[1] + pads[3]));
  }

  private static Feature with(Feature shapeOf, String value) {
    return new Feature(value, shapeOf.channels(), shapeOf.height(), shapeOf.width());
  }

  /** ONNX pads {@code [top, left, bottom, right]} of TF's {@code 'same'}: the odd pixel goes after. */
  static long[] samePads(Feature x, int kernel, int stride) {
    long[] p = new long[4];
    int[] sizes = {x.height(), x.width()};
    for (int i = 0; i < 2; i++) {
      long out = (sizes[i] + stride - 1) / stride;
      long total = Math.max((out - 1) * stride + kernel - sizes[i], 0);
      p[i] = total / 2;
      p[2 + i] = total - total / 2;
    }
    return p;
  }

  private static int outSize(int in, int kernel, int stride, long pads) {
    return (int) ((in + pads - kernel) / stride + 1);
  }

  /** TF filter {@code [k, k, in, out]} as ONNX's {@code [out, in, k, k]}. */
  private static float[] convKernel(float[] src, int k, int in, int out) {
    float[] w = new float[src.length];
    for (int y = 0; y < k; y++) {
      for (int x = 0; x < k; x++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            w[((o * in + i) * k + y) * k + x] = src[((y * k + x) * in + i) * out + o];
          }
        }
      }
    }
    return w;
  }

  /** TF depthwise filter {@code [k, k, c, 1]} as ONNX's {@code [c, 1, k, k]} (with {@code group = c}). */
  private static float[] depthwiseKernel(float[] src, int k, int c) {
    float[] w = new float[src.length];
    for (int y = 0; y < k; y++) {
      for (int x = 0; x < k; x++) {
        for (int ch = 0; ch < c; ch++) {
          w[(ch * k + y) * k + x] = src[(y * k + x) * c + ch];
        }
      }
    }
    return w;
  }
}
