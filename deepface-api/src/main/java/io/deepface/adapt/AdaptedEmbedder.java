package io.deepface.adapt;

import io.deepface.image.RgbImage;
import io.deepface.spi.AlignmentSpec;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.ComponentKind;
import io.deepface.spi.FaceEmbedder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A frozen embedder with an {@link EmbeddingAdapter} on top, named {@code <base>+adapter:<file>}: every API takes
 * that name as a model, so {@code represent}, {@code verify}, {@code find}, their caches (keyed by the adapter's
 * checksum too) and threshold profiles work with it unchanged. Thread-safe; closing it leaves the base embedder,
 * which its engine owns, open.
 */
public final class AdaptedEmbedder implements FaceEmbedder {
  /** What separates the base embedder's name from the adapter file in a model name. */
  public static final String SEPARATOR = "+adapter:";

  private final ComponentInfo info;
  private final FaceEmbedder base;
  private final EmbeddingAdapter adapter;

  /**
   * @throws AdapterException when the adapter was trained for another embedder or dimension
   */
  public AdaptedEmbedder(String name, FaceEmbedder base, EmbeddingAdapter adapter) {
    String baseName = base.info().name();
    if (!adapter.baseEmbedder().equals(baseName)) {
      throw new AdapterException("the adapter in " + name + " was trained on " + adapter.baseEmbedder()
          + " embeddings, not " + baseName);
    }
    if (adapter.inputDimension() != base.dimension()) {
      throw new AdapterException("the adapter in " + name + " takes " + adapter.inputDimension() + "-d vectors; "
          + baseName + " gives " + base.dimension());
    }
    this.base = base;
    this.adapter = adapter;
    this.info = new ComponentInfo(ComponentKind.EMBEDDER, name, base.info().backend() + "+adapter@"
        + adapter.sha256().substring(0, 12), "learned linear map on " + baseName + ": " + adapter.description(),
        base.info().models());
  }

  /** The base name and adapter file of {@code <base>+adapter:<file>}, or empty for any other name. */
  public static Optional<Parts> parse(String model) {
    int at = model.indexOf(SEPARATOR);
    if (at <= 0 || at + SEPARATOR.length() == model.length()) {
      return Optional.empty();
    }
    return Optional.of(new Parts(model.substring(0, at), Path.of(model.substring(at + SEPARATOR.length()))));
  }

  /** The two halves of an adapted embedder's name. */
  public record Parts(String base, Path file) {}

  @Override
  public ComponentInfo info() {
    return info;
  }

  @Override
  public int dimension() {
    return adapter.outputDimension();
  }

  @Override
  public AlignmentSpec alignment() {
    return base.alignment();
  }

  @Override
  public float[][] embed(List<RgbImage> alignedFaces) {
    float[][] raw = base.embed(alignedFaces);
    float[][] out = new float[raw.length][];
    for (int i = 0; i < raw.length; i++) {
      out[i] = adapter.apply(raw[i]);
    }
    return out;
  }

  @Override
  public void close() {
    // The base embedder belongs to the engine's component cache, which closes it.
  }
}
