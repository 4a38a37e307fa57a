package io.deepface.runtime;

import java.util.Map;

/**
 * One loaded model graph in some runtime (an ONNX Runtime session, an OpenCV DNN net, a DJL predictor).
 * Model code in {@link io.deepface.components} prepares inputs and decodes outputs; the runner only
 * runs the graph, so every backend shares the same pre- and post-processing.
 *
 * <p>Implementations are thread-safe: {@link #run} may be called from many threads at once.
 * {@link #close()} waits for running calls and makes later calls fail.
 */
public interface TensorRunner extends AutoCloseable {
  /** Runs the graph on {@code inputs} (by input name) and returns every output by name. */
  Map<String, Tensor> run(Map<String, Tensor> inputs);

  @Override
  void close();
}
