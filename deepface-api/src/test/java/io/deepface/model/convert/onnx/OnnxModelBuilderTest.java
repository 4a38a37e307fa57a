package io.deepface.model.convert.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.model.convert.onnx.OnnxModelBuilder.Attribute;
import io.deepface.model.convert.onnx.OnnxModelBuilder.ElementType;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxModelBuilderTest {
  private static String hex(ProtoBuffer b) {
    return HexFormat.of().formatHex(b.toByteArray());
  }

  @Test
  void writesTheProtobufWireFormat() {
    // The protobuf documentation's examples: field 1 = 150 is 08 96 01; field 2 = "testing" is 12 07 74 65 73 74 69 6e 67.
    assertThat(hex(new ProtoBuffer().varint(1, 150))).isEqualTo("089601");
    assertThat(hex(new ProtoBuffer().string(2, "testing"))).isEqualTo("120774657374696e67");
    // Packed repeated int64 (field 4, values 3, 270, 86942): 22 06 03 8e 02 9e a7 05.
    assertThat(hex(new ProtoBuffer().packedVarints(4, new long[] {3, 270, 86942}))).isEqualTo("2206038e029ea705");
    // A float is fixed32 little-endian: 1.0f = 0x3f800000.
    assertThat(hex(new ProtoBuffer().float32(2, 1f))).isEqualTo("150000803f");
    // Negative int64 takes ten bytes.
    assertThat(new ProtoBuffer().varint(3, -1).toByteArray()).hasSize(11);
    assertThat(hex(new ProtoBuffer().message(7, new ProtoBuffer().varint(1, 1)))).isEqualTo("3a020801");
  }

  @Test
  void writesAModelWithItsOpsetGraphAndMetadata() {
    OnnxModelBuilder b = new OnnxModelBuilder("tiny", 13);
    String x = b.input("x", ElementType.FLOAT, "N", 2);
    String w = b.constant("w", new float[] {1, 2, 3, 4}, 2, 2);
    String y = b.node("MatMul", "y", List.of(x, w));
    b.output(b.node("Relu", "out", List.of(y)), ElementType.FLOAT, "N", 2);
    b.metadata("source_format", "test");
    String bytes = new String(b.toBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(bytes).contains("deepface-java", "MatMul", "Relu", "tiny", "source_format");
  }

  @Test
  void refusesDuplicateNamesAndHandsOutFreshOnes() {
    OnnxModelBuilder b = new OnnxModelBuilder("g", 13);
    b.input("x", ElementType.FLOAT, 1);
    assertThatThrownBy(() -> b.input("x", ElementType.FLOAT, 1)).hasMessageContaining("already used");
    assertThat(b.node("Relu", "x", List.of("x"))).isNotEqualTo("x").startsWith("x__");
    b.reserve("out");
    assertThat(b.uniqueName("out")).isNotEqualTo("out");
    assertThat(b.identity("x", "out")).isEqualTo("out");
    assertThatThrownBy(() -> b.constant("c", new float[3], 2, 2)).hasMessageContaining("3 values");
    assertThatThrownBy(() -> b.node("Relu", "r", List.of("x"), Attribute.i("a", 1), Attribute.i("a", 2)))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> new OnnxModelBuilder("empty", 13).toBytes()).hasMessageContaining("no output");
  }
}
