package io.deepface.model.convert.faceapi;

import io.deepface.model.convert.faceapi.FaceApiGraph.Feature;
import io.deepface.model.convert.faceapi.FaceApiGraph.Vector;
import io.deepface.model.convert.tfjs.TfjsWeights;
import java.util.List;

/**
 * Builds ONNX graphs for face-api.js networks that are published as weights only (a {@code
 * *-weights_manifest.json} and its shard), the architecture being face-api's JavaScript code. The graphs repeat
 * that code operation for operation, so ONNX Runtime, OpenCV DNN and DJL give what TF.js gives.
 *
 * <p>Every graph takes {@code input}, {@code [N, 112, 112, 3]} NHWC float RGB pixel values 0..255 (what face-api's
 * {@code toBatchTensor(112)} yields for a 112x112 face; the padding to a square and the resize stay outside), and
 * does face-api's normalisation itself: {@code (x - [122.782, 117.001, 104.298]) / 255}. Both feature extractors
 * divide by 255.
 *
 * <ul>
 *   <li>{@value #AGE_GENDER}: {@code AgeGenderNet}, a TinyXception with two main blocks, a 7x7 average pool and two
 *       fully connected heads. Outputs {@code age} {@code [N, 1]} (years) and {@code gender} {@code [N, 2]}
 *       (softmax; {@link #GENDER_LABELS}).
 *   <li>{@value #EXPRESSION}: {@code FaceExpressionNet}, four dense blocks, a 7x7 average pool and one fully
 *       connected layer. Output {@code expressions} {@code [N, 7]} (softmax; {@link #EXPRESSION_LABELS}).
 * </ul>
 */
public final class FaceApiNets {
  /** The age and gender network ({@code age_gender_model}). */
  public static final String AGE_GENDER = "age_gender";
  /** The facial expression network ({@code face_expression_model}). */
  public static final String EXPRESSION = "expression";
  /** The networks {@link #build} knows. */
  public static final List<String> NETS = List.of(AGE_GENDER, EXPRESSION);
  /** The order of the {@code gender} output's probabilities. */
  public static final List<String> GENDER_LABELS = List.of("male", "female");
  /** The order of the {@code expressions} output's probabilities, as face-api's {@code FaceExpressions}. */
  public static final List<String> EXPRESSION_LABELS =
      List.of("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised");
  /** The ONNX opset the graphs use. */
  public static final int OPSET = 13;
  /** The input's height and width. */
  public static final int INPUT_SIZE = 112;

  private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};
  private static final float DIVISOR = 255f;

  private FaceApiNets() {}

  /**
   * The ONNX model of network {@code net} with the given weights.
   *
   * @param net one of {@link #NETS}
   * @param weights the decoded weights manifest
   * @throws IllegalArgumentException for an unknown net, or a weight that is missing or of an unexpected shape
   */
  public static byte[] build(String net, TfjsWeights weights) {
    if (AGE_GENDER.equals(net)) {
      return ageGender(weights);
    }
    if (EXPRESSION.equals(net)) {
      return expression(weights);
    }
    throw new IllegalArgumentException("unknown face-api net " + net + "; known: " + NETS);
  }

  /** {@code AgeGenderNet}: see the class comment. */
  public static byte[] ageGender(TfjsWeights weights) {
    FaceApiGraph g = graph(AGE_GENDER, weights);
    Feature x = g.normalisedInput("input", INPUT_SIZE, MEAN_RGB, DIVISOR);
    Feature out = g.relu(g.conv(x, "entry_flow/conv_in", 3, 32, 2));
    out = reductionBlock(g, out, "entry_flow/reduction_block_0", 64, false);
    out = reductionBlock(g, out, "entry_flow/reduction_block_1", 128, true);
    for (int i = 0; i < 2; i++) {
      out = mainBlock(g, out, "middle_flow/main_block_" + i);
    }
    out = reductionBlock(g, out, "exit_flow/reduction_block", 256, true);
    out = g.relu(g.separableConv(out, "exit_flow/separable_conv", 512, 1));
    Vector pooled = pooledFeatures(g, out);
    g.output(g.fullyConnected(pooled, "fc/age", 1), "age");
    g.output(g.softmax(g.fullyConnected(pooled, "fc/gender", GENDER_LABELS.size())), "gender");
    g.onnx().metadata("labels.gender", String.join(",", GENDER_LABELS));
    return g.toBytes();
  }

  /** {@code FaceExpressionNet}: see the class comment. */
  public static byte[] expression(TfjsWeights weights) {
    FaceApiGraph g = graph(EXPRESSION, weights);
    Feature x = g.normalisedInput("input", INPUT_SIZE, MEAN_RGB, DIVISOR);
    Feature out = denseBlock4(g, x, "dense0", 32, true);
    out = denseBlock4(g, out, "dense1", 64, false);
    out = denseBlock4(g, out, "dense2", 128, false);
    out = denseBlock4(g, out, "dense3", 256, false);
    Vector pooled = pooledFeatures(g, out);
    g.output(g.softmax(g.fullyConnected(pooled, "fc", EXPRESSION_LABELS.size())), "expressions");
    g.onnx().metadata("labels.expressions", String.join(",", EXPRESSION_LABELS));
    return g.toBytes();
  }

  private static FaceApiGraph graph(String net, TfjsWeights weights) {
    FaceApiGraph g = new FaceApiGraph(net, weights, OPSET);
    g.onnx().metadata("source_format", "face-api-weights");
    g.onnx().metadata("face_api.net", net);
    g.onnx().docString("face-api.js " + net + " network; input NHWC RGB 0..255, " + INPUT_SIZE + "x" + INPUT_SIZE);
    return g;
  }

  /**
   * TinyXception's reduction block: two separable convolutions and a 3x3 stride-2 max pool, plus a 1x1 stride-2
   * convolution of the block's input as it came in (before the relu applied to the main path).
   */
  private static Feature reductionBlock(FaceApiGraph g, Feature x, String prefix, int channels, boolean activateInput) {
    Feature out = activateInput ? g.relu(x) : x;
    out = g.separableConv(out, prefix + "/separable_conv0", channels, 1);
    out = g.separableConv(g.relu(out), prefix + "/separable_conv1", channels, 1);
    out = g.maxPoolSame(out, 3, 2, prefix + "/max_pool");
    Feature expansion = g.conv(x, prefix + "/expansion_conv", 1, channels, 2);
    return g.add(out, expansion, prefix + "/add");
  }

  /** TinyXception's main block: three relu + separable convolution steps and a residual add of the input. */
  private static Feature mainBlock(FaceApiGraph g, Feature x, String prefix) {
    Feature out = x;
    for (int i = 0; i < 3; i++) {
      out = g.separableConv(g.relu(out), prefix + "/separable_conv" + i, x.channels(), 1);
    }
    return g.add(out, x, prefix + "/add");
  }

  /**
   * face-api's {@code denseBlock4}: a stride-2 first convolution (plain in the first block, separable after), then
   * three separable convolutions, each fed the relu of the sum of all earlier outputs. Sums are grouped as TF.js
   * groups them ({@code out1 + (out2 + (out3 + out4))}), so float rounding matches.
   */
  private static Feature denseBlock4(FaceApiGraph g, Feature x, String prefix, int channels, boolean firstLayer) {
    Feature out1 = g.relu(firstLayer
        ? g.conv(x, prefix + "/conv0", 3, channels, 2)
        : g.separableConv(x, prefix + "/conv0", channels, 2));
    Feature out2 = g.separableConv(out1, prefix + "/conv1", channels, 1);
    Feature in3 = g.relu(g.add(out1, out2, prefix + "/in3"));
    Feature out3 = g.separableConv(in3, prefix + "/conv2", channels, 1);
    Feature in4 = g.relu(g.add(out1, g.add(out2, out3, prefix + "/sum23"), prefix + "/in4"));
    Feature out4 = g.separableConv(in4, prefix + "/conv3", channels, 1);
    Feature sum = g.add(out3, out4, prefix + "/sum34");
    sum = g.add(out2, sum, prefix + "/sum234");
    return g.relu(g.add(out1, sum, prefix + "/sum"));
  }

  /** {@code avgPool(x, [7, 7], [2, 2], 'valid').as2D(N, -1)}: the 7x7 maps pool to 1x1, giving {@code [N, C]}. */
  private static Vector pooledFeatures(FaceApiGraph g, Feature x) {
    Feature pooled = g.avgPoolValid(x, 7, 2, "avg_pool");
    return g.flatten(pooled, "features");
  }
}
