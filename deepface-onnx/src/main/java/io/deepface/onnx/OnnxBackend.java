package io.deepface.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.deepface.components.RunnerBackend;
import io.deepface.model.ModelInfo;
import io.deepface.model.ModelLoadException;
import io.deepface.model.convert.onnx.GraphRewrites;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.BackendContext;
import io.deepface.spi.BackendSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the standard components on ONNX Runtime (CPU). Rank 10: preferred when several backends offer
 * the same component. Sessions are shared by all threads (ONNX Runtime's {@code run} is thread-safe).
 */
public final class OnnxBackend extends RunnerBackend {
  public static final String NAME = "onnx";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int rank() {
    return 10;
  }

  /**
   * Loads ONNX Runtime's native library (and checks it offers the CPU provider) without creating the process's
   * ONNX Runtime environment: another library may need to create that environment with its own options first
   * (DJL's OnnxRuntime engine in the djl backend does, and ONNX Runtime refuses those options once an environment
   * exists). The environment is obtained when the first model loads.
   */
  @Override
  public void checkAvailable() {
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CPU)) {
      throw new IllegalStateException("this ONNX Runtime build offers no CPU execution provider");
    }
  }

  /**
   * The process's ONNX Runtime environment as this backend obtains it: once, on first use, at level ERROR, or the
   * one another library created first. Code that runs its own sessions beside this backend's (benchmarks, tests)
   * should use it too, so that ONNX Runtime is not asked for a differently named environment.
   */
  public static OrtEnvironment environment() {
    return Environment.INSTANCE;
  }

  private static final class Environment {
    static final OrtEnvironment INSTANCE = obtain();

    /**
     * Creates the environment at level ERROR, or reuses the one another library created. ONNX Runtime's Java
     * layer then logs "Tried to change OrtEnvironment's logging level or name while a reference exists"
     * through java.util.logging; that is expected here and is muted for this one call.
     */
    private static OrtEnvironment obtain() {
      Logger jul = Logger.getLogger(OrtEnvironment.class.getName());
      Level previous = jul.getLevel();
      jul.setLevel(Level.SEVERE);
      try {
        return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "deepface");
      } finally {
        jul.setLevel(previous);
      }
    }
  }

  /**
   * ONNX Runtime's graph optimisation level for {@code model}: all optimisations unless the catalog's
   * {@code onnxruntime.optimization} hint says otherwise ({@code none}, {@code basic}, {@code extended}). No shipped
   * model needs one now: with ONNX Runtime 1.29 every model measured runs fastest with all optimisations (fr_feature
   * and fr_gender, which once had {@code basic}, run in 0.8x and 0.65x the time with {@code all}).
   */
  static OrtSession.SessionOptions.OptLevel optimization(ModelInfo model) {
    return switch (model.hint("onnxruntime.optimization", "all")) {
      case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
      case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
      case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
      default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
    };
  }

  @Override
  protected TensorRunner open(ModelInfo model, Path file, BackendContext context) {
    try {
      return new OnnxRunner(model.id(), environment(), openSession(model, file, context.intraOpThreads()));
    } catch (OrtException | IOException | IllegalArgumentException e) {
      throw new ModelLoadException(model.id(), "ONNX Runtime cannot load model " + model.id() + " from " + file + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Opens {@code model}'s session exactly as this backend does: its optimisation level ({@link #optimization}), its
   * graph rewrite ({@link GraphRewrites}), error-level logging, {@code intraOpThreads} threads (0: ONNX Runtime's
   * default, one per physical core) and no spinning on machines with four cores or fewer. Public so that code comparing
   * with bare ONNX Runtime (the benchmarks) runs the same graph with the same options.
   *
   * @throws IOException when the file cannot be read for a rewrite
   * @throws IllegalArgumentException when the file is not a well-formed ONNX model and a rewrite was asked for
   */
  public static OrtSession openSession(ModelInfo model, Path file, int intraOpThreads) throws OrtException,
      IOException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(optimization(model));
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      // Spinning threads burn the CPU that concurrent callers need on small machines.
      boolean spin = BackendSettings.flag("deepface.onnx.spinning", "DEEPFACE_ONNX_SPINNING",
          Runtime.getRuntime().availableProcessors() > 4);
      options.addConfigEntry("session.intra_op.allow_spinning", spin ? "1" : "0");
      byte[] rewritten = GraphRewrites.apply(model, file);
      return rewritten == null ? environment().createSession(file.toString(), options)
          : environment().createSession(rewritten, options);
    }
  }
}
