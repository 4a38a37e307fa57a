package io.deepface.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.deepface.DeepFaceException;
import io.deepface.model.ModelInfo;
import io.deepface.model.ModelLoadException;
import io.deepface.model.convert.onnx.GraphRewrites;
import io.deepface.runtime.GuardedRunner;
import io.deepface.runtime.Tensor;
import io.deepface.spi.BackendSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One model graph run through DJL {@link Predictor}s: ONNX graphs on DJL's OnnxRuntime engine, TFLite graphs
 * on its TFLite engine, with {@link TensorTranslator} between the library's tensors and DJL's NDList.
 *
 * <p>Thread-safety: a DJL {@code Predictor} must not be used by two threads at once (DJL's documentation:
 * create one per thread), so the runner keeps a pool of them: a call takes an idle one, or creates one when
 * all are busy, and puts it back when done. The pool never holds more predictors than calls ever ran at
 * once, and nothing is tied to a thread (no {@code ThreadLocal} left behind in thread pools). An ONNX
 * Runtime session is thread-safe, so all ONNX predictors share one DJL model; a TFLite interpreter is
 * not, and DJL keeps one per model, so each TFLite predictor has its own model. {@link #close()} waits for
 * calls in flight, then closes every predictor and model.
 */
final class DjlRunner extends GuardedRunner {
  /** One predictor and the model only it uses (null when the model is shared). */
  private record Slot(Predictor<Map<String, Tensor>, Map<String, Tensor>> predictor, Model ownModel) {
    void close() {
      predictor.close();
      if (ownModel != null) {
        ownModel.close();
      }
    }
  }

  @FunctionalInterface
  private interface SlotFactory {
    Slot create() throws IOException, MalformedModelException;
  }

  private final SlotFactory factory;
  private final Model sharedModel;
  private final Deque<Slot> idle = new ConcurrentLinkedDeque<>();
  private final Queue<Slot> all = new ConcurrentLinkedQueue<>();

  private DjlRunner(String name, Model sharedModel, SlotFactory factory) throws IOException, MalformedModelException {
    super(name);
    this.sharedModel = sharedModel;
    this.factory = factory;
    Slot first = factory.create();
    all.add(first);
    idle.add(first);
  }

  /** An ONNX graph on DJL's OnnxRuntime engine, with the same session options as the onnx backend. */
  static DjlRunner onnx(ModelInfo info, Path file, int intraOpThreads) {
    Model model = null;
    try {
      List<String> outputs = OnnxGraphOutputs.read(file);
      model = Model.newInstance(info.id(), Device.cpu(), DjlEngines.ONNX_ENGINE);
      // DJL closes the options with the model. The graph is rewritten as the catalog asks ONNX Runtime to run it
      // (fr_feature's PRelu activations), as in the onnx backend.
      byte[] rewritten = GraphRewrites.apply(info, file);
      if (rewritten == null) {
        model.load(file, null, Map.of("sessionOptions", sessionOptions(intraOpThreads)));
      } else {
        model.load(new ByteArrayInputStream(rewritten), Map.of("sessionOptions", sessionOptions(intraOpThreads)));
      }
      TensorTranslator translator = new TensorTranslator(info.id(), null, null, outputs);
      Model m = model;
      return new DjlRunner(info.id(), model, () -> new Slot(m.newPredictor(translator), null));
    } catch (IOException | MalformedModelException | OrtException | RuntimeException e) {
      if (model != null) {
        model.close();
      }
      throw new ModelLoadException(info.id(), "DJL's OnnxRuntime engine cannot load model " + info.id() + " from "
          + file + ": " + e.getMessage(), e);
    }
  }

  private static OrtSession.SessionOptions sessionOptions(int intraOpThreads) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // DJL creates ONNX Runtime's environment at warning level; keep model-loading chatter out of the logs.
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      // As the onnx backend: spinning threads burn the CPU that concurrent callers need on small machines.
      boolean spin = BackendSettings.flag("deepface.onnx.spinning", "DEEPFACE_ONNX_SPINNING",
          Runtime.getRuntime().availableProcessors() > 4);
      options.addConfigEntry("session.intra_op.allow_spinning", spin ? "1" : "0");
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  /**
   * A fixed-shape TFLite graph on DJL's TFLite engine; each pooled predictor loads its own interpreter. Used
   * when {@code deepface.djl.tflite=predictor}; by default the backend runs TFLite graphs with
   * {@link TfLiteRunner}, which enables XNNPACK.
   */
  static DjlRunner tflite(ModelInfo info, Path file) {
    try {
      TfLiteSignature sig = TfLiteSignature.read(info.id(), file);
      TensorTranslator translator = new TensorTranslator(info.id(), sig.inputNames(), sig.inputShapes(), sig.outputNames());
      return new DjlRunner(info.id(), null, () -> {
        Model model = Model.newInstance(info.id(), Device.cpu(), DjlEngines.TFLITE_ENGINE);
        try {
          model.load(file);
          return new Slot(model.newPredictor(translator), model);
        } catch (IOException | MalformedModelException | RuntimeException e) {
          model.close();
          throw e;
        }
      });
    } catch (ModelLoadException e) {
      throw e;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      throw new ModelLoadException(info.id(), "DJL's TFLite engine cannot load model " + info.id() + " from " + file
          + ": " + e.getMessage(), e);
    }
  }

  /** Predictors created so far (the most calls that ran at once); for tests and monitoring. */
  int poolSize() {
    return all.size();
  }

  @Override
  protected Map<String, Tensor> runOpen(Map<String, Tensor> inputs) {
    Slot slot = idle.pollFirst();
    if (slot == null) {
      try {
        slot = factory.create();
      } catch (IOException | MalformedModelException e) {
        throw new DeepFaceException("model " + name() + " could not open another DJL predictor: " + e.getMessage(), e);
      }
      all.add(slot);
    }
    try {
      return slot.predictor().predict(inputs);
    } catch (TranslateException e) {
      if (e.getCause() instanceof IllegalArgumentException wrongInput) {
        throw wrongInput;
      }
      throw new DeepFaceException("model " + name() + " failed to run in DJL: " + e.getMessage(), e);
    } finally {
      idle.offerFirst(slot);
    }
  }

  @Override
  protected void release() {
    List<RuntimeException> failures = new ArrayList<>();
    for (Slot s; (s = all.poll()) != null; ) {
      try {
        s.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    idle.clear();
    if (sharedModel != null) {
      try {
        sharedModel.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      DeepFaceException e = new DeepFaceException("closing model " + name() + " failed: " + failures.get(0).getMessage(),
          failures.get(0));
      failures.subList(1, failures.size()).forEach(e::addSuppressed);
      throw e;
    }
  }
}
