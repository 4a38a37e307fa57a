package io.deepface.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepface.image.ImageDecoder;
import io.deepface.image.ImageInput;
import io.deepface.image.ImageLimits;
import io.deepface.image.RgbImage;
import io.deepface.internal.Sha256;
import io.deepface.runtime.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference outputs of a TF.js model computed by TensorFlow.js itself ({@code scripts/tfjs-reference}), on real
 * faces: {@code io/deepface/model/convert/fixtures/<name>.json} in this test jar. Each case names a PNG of the
 * shared datasets, a crop, a nearest-neighbour resize and a normalisation that Java rebuilds exactly (the resized
 * pixels' SHA-256 is checked), and the outputs TF.js gave, by TF node name.
 */
public record ConversionFixture(String name, String model, String inputName, int height, int width, int channels,
    List<Case> cases) {

  /** One input and the outputs TF.js computed for it. */
  public record Case(String image, int[] crop, String order, float scale, float[] offset, String pixelsSha256,
      Map<String, Output> outputs) {}

  /**
   * One output tensor: its shape and values, flattened in TF's (NHWC) order. Large outputs keep every
   * {@code stride}-th value only: {@code values[i]} is the flattened output's element {@code i * stride}.
   */
  public record Output(long[] shape, float[] values, int stride) {
    /** The largest absolute difference between {@code actual} (the whole flattened output) and these values. */
    public double maxDifference(float[] actual) {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      if (actual.length != n) {
        throw new AssertionError("output has " + actual.length + " values, the fixture's shape holds " + n);
      }
      double max = 0;
      for (int i = 0; i < values.length; i++) {
        max = Math.max(max, Math.abs(actual[i * stride] - values[i]));
      }
      return max;
    }

    /** The largest absolute reference value. */
    public double maxMagnitude() {
      double max = 0;
      for (float v : values) {
        max = Math.max(max, Math.abs(v));
      }
      return max;
    }
  }

  /** Reads the fixture {@code name} ({@code human-gear}, {@code faceapi-age_gender}...). */
  public static ConversionFixture load(String name) {
    String resource = "/io/deepface/model/convert/fixtures/" + name + ".json";
    try (InputStream in = ConversionFixture.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + resource);
      }
      JsonNode j = new ObjectMapper().readTree(in);
      JsonNode input = j.path("input");
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : j.path("cases")) {
        Map<String, Output> outputs = new LinkedHashMap<>();
        c.path("outputs").properties().forEach(e -> outputs.put(e.getKey(),
            new Output(longs(e.getValue().path("shape")), floats(e.getValue().path("values")),
                e.getValue().path("stride").asInt(1))));
        cases.add(new Case(c.path("image").asText(), ints(c.path("crop")), c.path("order").asText(),
            (float) c.path("scale").asDouble(), floats(c.path("offset")), c.path("pixelsSha256").asText(), outputs));
      }
      return new ConversionFixture(name, j.path("model").asText(), input.path("name").asText(), input.path("height").asInt(),
          input.path("width").asInt(), input.path("channels").asInt(), List.copyOf(cases));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The NHWC input tensor of {@code c}: the PNG decoded, cropped, resized by nearest neighbour, normalised.
   *
   * @throws IllegalStateException when the resized pixels differ from those TF.js saw
   */
  public Tensor input(Case c) {
    RgbImage image = new ImageDecoder(ImageLimits.defaults())
        .decode(ImageInput.of(TestData.datasetsDir().resolve(c.image())));
    byte[] px = new byte[height * width * 3];
    for (int y = 0; y < height; y++) {
      int sy = c.crop()[1] + (int) ((long) y * c.crop()[3] / height);
      for (int x = 0; x < width; x++) {
        int sx = c.crop()[0] + (int) ((long) x * c.crop()[2] / width);
        System.arraycopy(image.data(), (sy * image.width() + sx) * 3, px, (y * width + x) * 3, 3);
      }
    }
    String sha = sha256(px);
    if (!sha.equals(c.pixelsSha256())) {
      throw new IllegalStateException(name + ": pixels of " + c.image() + " differ from the fixture's (sha256 " + sha
          + ", expected " + c.pixelsSha256() + ")");
    }
    float[] data = new float[height * width * channels];
    for (int p = 0; p < height * width; p++) {
      float r = px[3 * p] & 0xff;
      float g = px[3 * p + 1] & 0xff;
      float b = px[3 * p + 2] & 0xff;
      switch (c.order()) {
        case "rgb" -> {
          data[3 * p] = r * c.scale() + c.offset()[0];
          data[3 * p + 1] = g * c.scale() + c.offset()[1];
          data[3 * p + 2] = b * c.scale() + c.offset()[2];
        }
        case "bgr" -> {
          data[3 * p] = b * c.scale() + c.offset()[0];
          data[3 * p + 1] = g * c.scale() + c.offset()[1];
          data[3 * p + 2] = r * c.scale() + c.offset()[2];
        }
        case "grey" -> data[p] = (0.2989f * r + 0.587f * g + 0.114f * b) * c.scale() + c.offset()[0];
        default -> throw new IllegalStateException("unknown channel order " + c.order());
      }
    }
    return Tensor.of(data, 1, height, width, channels);
  }

  private static String sha256(byte[] data) {
    return Sha256.hex(Sha256.of(data));
  }

  private static long[] longs(JsonNode a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asLong();
    }
    return out;
  }

  private static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  private static float[] floats(JsonNode a) {
    if (a.isNumber()) {
      return new float[] {(float) a.asDouble(), (float) a.asDouble(), (float) a.asDouble()};
    }
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).asDouble();
    }
    return out;
  }
}
