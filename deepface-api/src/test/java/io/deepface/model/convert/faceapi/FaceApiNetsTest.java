package io.deepface.model.convert.faceapi;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepface.model.ModelConversion;
import io.deepface.model.ModelConverter;
import io.deepface.model.ModelInfo;
import io.deepface.model.convert.FaceApiModelConverter;
import io.deepface.model.convert.tfjs.TfjsWeights;
import io.deepface.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FaceApiNetsTest {
  private static final Path DIR = TestData.modelsDir().resolve("vladmandic-face-api-1.7.15");
  private static final String AGE_GENDER = "age_gender_model";
  private static final String EXPRESSION = "face_expression_model";

  @Test
  void buildsBothNetworksFromTheSharedWeights() throws IOException {
    byte[] ageGender = FaceApiNets.build("age_gender", weights(AGE_GENDER, m -> {}));
    byte[] expression = FaceApiNets.build("expression", weights(EXPRESSION, m -> {}));
    // The weights dominate the size: about four bytes per stored uint8 value.
    assertThat(ageGender.length).isGreaterThan(1_600_000);
    assertThat(expression.length).isGreaterThan(1_200_000);
    assertThat(new String(ageGender, ISO_8859_1)).contains("gender", "age", "input");
    assertThat(new String(expression, ISO_8859_1)).contains("expressions", "input");
  }

  @Test
  void aMissingWeightIsNamed() throws IOException {
    TfjsWeights w = weights(EXPRESSION, m -> rename(m, "dense2/conv3/pointwise_filter", "dense2/conv3/other"));
    assertThatThrownBy(() -> FaceApiNets.expression(w)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dense2/conv3/pointwise_filter");
  }

  @Test
  void aWeightOfTheWrongShapeIsNamed() throws IOException {
    TfjsWeights w = weights(AGE_GENDER, m -> reshape(m, "fc/gender/weights", 2, 512));
    assertThatThrownBy(() -> FaceApiNets.ageGender(w)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fc/gender/weights").hasMessageContaining("[2, 512]").hasMessageContaining("[512, 2]");
  }

  @Test
  void anUnknownNetFailsListingTheKnownOnes() throws IOException {
    TfjsWeights w = weights(AGE_GENDER, m -> {});
    assertThatThrownBy(() -> FaceApiNets.build("landmarks", w)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("landmarks").hasMessageContaining("age_gender").hasMessageContaining("expression");
  }

  @Test
  void theConverterIsRegisteredAndBuildsTheNetItsOptionNames() {
    ModelConverter c = ServiceLoader.load(ModelConverter.class).stream().map(ServiceLoader.Provider::get)
        .filter(x -> x.name().equals("face-api")).findFirst().orElseThrow();
    assertThat(c).isInstanceOf(FaceApiModelConverter.class);
    List<Path> sources = List.of(DIR.resolve(EXPRESSION + "-weights_manifest.json"), DIR.resolve(EXPRESSION + ".bin"));
    assertThat(c.convert(target(Map.of("net", "expression")), sources))
        .isEqualTo(c.convert(target(Map.of("net", "expression")), sources));
    assertThatThrownBy(() -> c.convert(target(Map.of("net", "age")), sources))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("age_gender").hasMessageContaining("age");
    assertThatThrownBy(() -> c.convert(target(Map.of()), sources))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("net");
  }

  private static ModelInfo target(Map<String, String> options) {
    return ModelInfo.converted("faceapi-test", "faceapi-test.onnx", "MIT", null, Map.of(),
        new ModelConversion("face-api", List.of("weights"), options));
  }

  /** The shared weights of {@code model}, after {@code edit} changed the parsed manifest. */
  private static TfjsWeights weights(String model, Consumer<ArrayNode> edit) throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(DIR.resolve(model + "-weights_manifest.json").toFile());
    edit.accept((ArrayNode) manifest);
    return TfjsWeights.read(manifest, DIR::resolve);
  }

  private static ObjectNode entry(ArrayNode manifest, String name) {
    for (JsonNode group : manifest) {
      for (JsonNode w : group.path("weights")) {
        if (w.path("name").asText().equals(name)) {
          return (ObjectNode) w;
        }
      }
    }
    throw new AssertionError("no weight " + name + " in the manifest");
  }

  private static void rename(ArrayNode manifest, String name, String newName) {
    entry(manifest, name).put("name", newName);
  }

  private static void reshape(ArrayNode manifest, String name, int... shape) {
    ArrayNode s = entry(manifest, name).putArray("shape");
    for (int d : shape) {
      s.add(d);
    }
  }
}
