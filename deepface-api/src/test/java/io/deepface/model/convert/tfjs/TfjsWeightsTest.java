package io.deepface.model.convert.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfjsWeightsTest {
  @TempDir
  Path dir;

  private JsonNode manifest(String weights) throws IOException {
    return new ObjectMapper().readTree("[{\"paths\": [\"a.bin\", \"b.bin\"], \"weights\": [" + weights + "]}]");
  }

  private void shards(byte[] all, int split) throws IOException {
    Files.write(dir.resolve("a.bin"), java.util.Arrays.copyOfRange(all, 0, split));
    Files.write(dir.resolve("b.bin"), java.util.Arrays.copyOfRange(all, split, all.length));
  }

  @Test
  void decodesFloat32Int32Float16AndAffineQuantisationAcrossShards() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + 8 + 6 + 3 + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(1.5f).putFloat(-2f);                                  // f: float32 [2]
    b.putInt(7).putInt(-3);                                          // i: int32 [2]
    b.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x0001); // h: float16 1, -2, 2^-24
    b.put((byte) 0).put((byte) 10).put((byte) 255);                  // q8: uint8, min -1, scale 0.01
    b.putShort((short) 0xFFFF).putShort((short) 2);                  // q16: uint16, min 0, scale 0.5
    shards(b.array(), 11);
    TfjsWeights w = TfjsWeights.read(manifest("""
        {"name": "f", "shape": [2], "dtype": "float32"},
        {"name": "i", "shape": [2], "dtype": "int32"},
        {"name": "h", "shape": [3], "dtype": "float32", "quantization": {"dtype": "float16"}},
        {"name": "q8", "shape": [3], "dtype": "float32", "quantization": {"dtype": "uint8", "min": -1, "scale": 0.01}},
        {"name": "q16", "shape": [1, 2], "dtype": "float32", "quantization": {"dtype": "uint16", "min": 0, "scale": 0.5}}
        """), dir::resolve);
    assertThat(w.get("f").floats()).containsExactly(1.5f, -2f);
    assertThat(w.get("i").ints()).containsExactly(7, -3);
    assertThat(w.get("h").floats()).containsExactly(1f, -2f, (float) Math.pow(2, -24));
    assertThat(w.get("q8").floats()[0]).isEqualTo(-1f);
    assertThat(w.get("q8").floats()[1]).isCloseTo(-0.9f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(w.get("q8").floats()[2]).isCloseTo(1.55f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(w.get("q16").floats()).containsExactly(32767.5f, 1f);
    assertThat(w.get("q16").shape()).containsExactly(1, 2);
  }

  @Test
  void halfPrecisionCoversInfinityNanAndSubnormals() {
    assertThat(TfjsWeights.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(TfjsWeights.halfToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(TfjsWeights.halfToFloat((short) 0x7E00)).isNaN();
    assertThat(TfjsWeights.halfToFloat((short) 0x3555)).isCloseTo(0.33325195f, org.assertj.core.data.Offset.offset(1e-8f));
    assertThat(TfjsWeights.halfToFloat((short) 0x8000)).isEqualTo(-0f);
    assertThat(TfjsWeights.halfToFloat((short) 0x03FF)).isEqualTo(1023 * (float) Math.pow(2, -24));
  }

  @Test
  void shardsShorterOrLongerThanTheManifestSaySoByName() throws IOException {
    shards(new byte[6], 3);
    assertThatThrownBy(() -> TfjsWeights.read(manifest("{\"name\": \"w\", \"shape\": [2], \"dtype\": \"float32\"}"),
        dir::resolve)).hasMessageContaining("inside weight w");
    assertThatThrownBy(() -> TfjsWeights.read(manifest("{\"name\": \"w\", \"shape\": [1], \"dtype\": \"float32\"}"),
        dir::resolve)).hasMessageContaining("2 bytes more");
    assertThatThrownBy(() -> TfjsWeights.read(manifest("{\"name\": \"s\", \"shape\": [1], \"dtype\": \"string\"}"),
        dir::resolve)).hasMessageContaining("string");
    assertThatThrownBy(() -> TfjsWeights.read(new ObjectMapper().readTree("{}"), dir::resolve))
        .hasMessageContaining("weightsManifest");
  }
}
