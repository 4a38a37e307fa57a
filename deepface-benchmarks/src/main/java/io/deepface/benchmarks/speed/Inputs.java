package io.deepface.benchmarks.speed;

import io.deepface.FaceEngine;
import io.deepface.components.BuiltinBackend;
import io.deepface.onnx.OnnxBackend;
import io.deepface.spi.BackendRegistry;
import io.deepface.benchmarks.lfw.LfwPairs;
import io.deepface.image.ImageDecoder;
import io.deepface.image.ImageInput;
import io.deepface.image.ImageOps;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The real photos every speed benchmark reads, and the engine they run on. The {@code shared/} folder
 * (models and datasets) is {@code -Ddeepface.bench.shared}, else {@code DEEPFACE_BENCH_SHARED}, else the
 * first ancestor of the working directory that holds {@code shared/datasets}.
 *
 * <ul>
 *   <li>LFW photos (250x250 JPEG, one face each): the first same-person pair of {@code lfw-dev/pairs.txt}
 *       for verify and analyze, the first images of the pairs for embedding and throughput;</li>
 *   <li>a group photo ({@code faceapi-examples/bbt1.jpg}, 1366x768, six faces) cropped to the aspect ratio and
 *       resized to 640x480 or 1920x1080 for detection and decoding.</li>
 * </ul>
 */
public final class Inputs {
  static final String GROUP_PHOTO = "faceapi-examples/bbt1.jpg";

  private Inputs() {}

  public static Path shared() {
    String explicit = System.getProperty("deepface.bench.shared", System.getenv("DEEPFACE_BENCH_SHARED"));
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath().normalize();
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("shared/datasets"))) {
        return d.resolve("shared");
      }
    }
    throw new IllegalStateException("no shared/datasets folder above " + Path.of("").toAbsolutePath()
        + "; set -Ddeepface.bench.shared=/path/to/shared");
  }

  static Path datasets() {
    return shared().resolve("datasets");
  }

  /**
   * The model repository of the environment ({@code deepface.model.path}, {@code deepface.home}...); when no
   * model path is set, {@code shared/models}. Never downloads during a measurement.
   */
  public static ModelRepository models() {
    ModelRepository env = ModelRepository.fromEnvironment();
    ModelRepository.Builder b = ModelRepository.builder().offline(true);
    if (env.modelPath().isEmpty()) {
      b.modelPath(List.of(shared().resolve("models")));
    }
    return b.build();
  }

  /**
   * An engine on the onnx backend alone (and the builtin {@code skip} detector), as a typical application
   * deploys it: no OpenCV or DJL natives to load in every benchmark fork.
   */
  static FaceEngine engine() {
    return FaceEngine.builder().registry(BackendRegistry.of(List.of(new OnnxBackend(), new BuiltinBackend())))
        .models(models()).build();
  }

  /** An engine with every backend on the classpath, for the components only OpenCV or DJL offer. */
  static FaceEngine engineWithAllBackends() {
    return FaceEngine.builder().models(models()).build();
  }

  static LfwPairs lfwPairs() {
    try {
      Path lfw = datasets().resolve("lfw-dev");
      return LfwPairs.read(lfw.resolve("pairs.txt"), lfw.resolve("images"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The two photos of the first same-person pair. */
  static List<Path> verifyPair() {
    LfwPairs.Pair p = lfwPairs().pairs().stream().filter(LfwPairs.Pair::same).findFirst().orElseThrow();
    return List.of(p.first(), p.second());
  }

  /** The first {@code n} distinct LFW photos named by the pairs file. */
  static List<Path> lfwImages(int n) {
    return lfwPairs().images().subList(0, n);
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RgbImage decode(Path file) {
    return ImageDecoder.defaults().decode(ImageInput.of(file));
  }

  /** The group photo centre-cropped to {@code w:h} and resized to {@code w x h}. */
  static RgbImage groupPhoto(int w, int h) {
    RgbImage src = decode(datasets().resolve(GROUP_PHOTO));
    double aspect = (double) w / h;
    int cw = src.width();
    int ch = src.height();
    if ((double) cw / ch > aspect) {
      cw = (int) Math.round(ch * aspect);
    } else {
      ch = (int) Math.round(cw / aspect);
    }
    RgbImage cropped = src.crop((src.width() - cw) / 2, (src.height() - ch) / 2, cw, ch);
    return ImageOps.resize(cropped, w, h);
  }

  /** {@code "640x480"} as {@code {640, 480}}. */
  static int[] size(String wxh) {
    String[] p = wxh.split("x");
    return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
  }

  /** JPEG bytes of an image (ImageIO's default quality, 0.75). */
  static byte[] jpeg(RgbImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image.toBufferedImage(), "jpg", out)) {
        throw new IllegalStateException("no JPEG writer");
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<RgbImage> decodeAll(List<Path> files) {
    List<RgbImage> out = new ArrayList<>();
    for (Path f : files) {
      out.add(decode(f));
    }
    return out;
  }
}
