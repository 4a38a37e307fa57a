package io.deepface.djl;

import io.deepface.model.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.lite.Interpreter;

/**
 * The input and output names and shapes of a TFLite graph, in the interpreter's order. DJL's TFLite engine
 * feeds inputs by position and returns outputs unnamed; the runner names them with this. Read with the
 * engine's own interpreter (DJL's TFLite engine must have loaded its native library first).
 */
record TfLiteSignature(List<String> inputNames, List<long[]> inputShapes, List<String> outputNames) {

  static TfLiteSignature read(String modelId, Path file) {
    try (Interpreter in = new Interpreter(file.toFile())) {
      List<String> inputs = new ArrayList<>();
      List<long[]> shapes = new ArrayList<>();
      for (int i = 0; i < in.getInputTensorCount(); i++) {
        inputs.add(in.getInputTensor(i).name());
        shapes.add(java.util.Arrays.stream(in.getInputTensor(i).shape()).asLongStream().toArray());
      }
      List<String> outputs = new ArrayList<>();
      for (int i = 0; i < in.getOutputTensorCount(); i++) {
        outputs.add(in.getOutputTensor(i).name());
      }
      return new TfLiteSignature(List.copyOf(inputs), List.copyOf(shapes), List.copyOf(outputs));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ModelLoadException(modelId, "TFLite cannot load model " + modelId + " from " + file + ": "
          + e.getMessage(), e);
    }
  }
}
