package io.deepface.benchmarks.speed;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.deepface.components.RunnerBackend;
import io.deepface.model.ModelInfo;
import io.deepface.runtime.Tensor;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.BackendContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The standard components on {@link BareOrt} sessions, recording every model call: which model ran on
 * which input tensors. Running a pipeline once on it yields the exact tensors, and the number of calls of
 * each model, that the bare baselines replay.
 */
final class CapturingBackend extends RunnerBackend {
  /** One model call: the model, its session and the inputs it got. */
  record Call(String modelId, OrtSession session, Map<String, Tensor> inputs) {
    /** The model and the shape of its first input, for example {@code retinaface_mbnet0.25 [1, 3, 256, 256]}. */
    String label() {
      String file = modelId.substring(modelId.lastIndexOf('/') + 1).replace(".onnx", "");
      return file + " " + java.util.Arrays.toString(inputs.values().iterator().next().shape());
    }
  }

  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean recording;

  @Override
  public String name() {
    return "capture";
  }

  @Override
  public int rank() {
    return 0;
  }

  /** Forgets earlier calls and records those that follow. */
  void startRecording() {
    calls.clear();
    recording = true;
  }

  /** The calls recorded since {@link #startRecording()}, in order. */
  List<Call> stopRecording() {
    recording = false;
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  @Override
  protected TensorRunner open(ModelInfo model, Path file, BackendContext context) {
    OrtSession session = BareOrt.open(model, file);
    return new TensorRunner() {
      @Override
      public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        if (recording) {
          calls.add(new Call(model.id(), session, Map.copyOf(inputs)));
        }
        return BareOrt.runTensors(session, inputs);
      }

      @Override
      public void close() {
        try {
          session.close();
        } catch (OrtException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}
