package io.deepface.model.convert.onnx;

import io.deepface.model.ModelInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The graph rewrites the catalog asks ONNX Runtime backends to apply when they load a model (its hint
 * {@value #HINT}), in memory, nothing written to disk. Shared by every backend that runs ONNX graphs on ONNX
 * Runtime (the onnx backend, and the djl backend's OnnxRuntime engine).
 */
public final class GraphRewrites {
  /** The catalog hint naming the rewrite: {@code none} (the default) or {@code prelu-batchnorm}. */
  public static final String HINT = "onnxruntime.rewrite";

  private GraphRewrites() {}

  /**
   * The model's graph rewritten as its hint asks ({@code prelu-batchnorm}: {@link PReluDecomposition}), or null when
   * it has no such hint or nothing in it matched.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException for an unknown hint, or a file that is not a well-formed ONNX model
   */
  public static byte[] apply(ModelInfo model, Path file) throws IOException {
    String hint = model.hint(HINT, "none");
    switch (hint) {
      case "none" -> {
        return null;
      }
      case "prelu-batchnorm" -> {
        PReluDecomposition.Result r = PReluDecomposition.apply(Files.readAllBytes(file));
        return r.rewritten() == 0 ? null : r.model();
      }
      default -> throw new IllegalArgumentException("unknown " + HINT + " hint " + hint + " in the catalog entry of "
          + model.id() + "; known: none, prelu-batchnorm");
    }
  }
}
