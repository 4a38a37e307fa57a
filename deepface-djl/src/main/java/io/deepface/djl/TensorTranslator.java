package io.deepface.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.deepface.DeepFaceException;
import io.deepface.runtime.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DJL translator between the library's tensors and DJL's {@link NDList}: inputs by name in, every output by
 * name out. Inputs go in {@code inputOrder} when the engine feeds them by position (TFLite), else in the
 * map's order, each {@link NDArray} named after its input (ONNX Runtime matches them by name). DJL returns
 * outputs unnamed, in the graph's output order, so they are named with {@code outputNames}. Outputs are
 * copied out of the engine's memory before the prediction ends (a TFLite output is a view of the
 * interpreter's buffer, overwritten by its next run). Stateless and thread-safe.
 */
final class TensorTranslator implements NoBatchifyTranslator<Map<String, Tensor>, Map<String, Tensor>> {
  private final String model;
  private final List<String> inputOrder;
  private final List<long[]> inputShapes;
  private final List<String> outputNames;

  /**
   * @param inputOrder input names in the order the engine takes them, or null to pass them by name
   * @param inputShapes the fixed input shapes, in {@code inputOrder}, or null when any shape is accepted
   */
  TensorTranslator(String model, List<String> inputOrder, List<long[]> inputShapes, List<String> outputNames) {
    this.model = model;
    this.inputOrder = inputOrder == null ? null : List.copyOf(inputOrder);
    this.inputShapes = inputShapes == null ? null : List.copyOf(inputShapes);
    this.outputNames = List.copyOf(outputNames);
  }

  @Override
  public NDList processInput(TranslatorContext ctx, Map<String, Tensor> input) {
    NDManager manager = ctx.getNDManager();
    List<String> names = inputOrder != null ? inputOrder : new ArrayList<>(input.keySet());
    if (inputOrder != null && !(input.size() == inputOrder.size() && input.keySet().containsAll(inputOrder))) {
      throw new IllegalArgumentException("model " + model + " takes inputs " + inputOrder + ", got " + input.keySet());
    }
    NDList list = new NDList(names.size());
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Tensor t = input.get(name);
      if (inputShapes != null && !Arrays.equals(inputShapes.get(i), t.shape())) {
        throw new IllegalArgumentException("model " + model + " takes input '" + name + "' of shape "
            + Arrays.toString(inputShapes.get(i)) + ", got " + Arrays.toString(t.shape()));
      }
      float[] data = t.data();
      ByteBuffer buf = manager.allocateDirect(data.length * Float.BYTES);
      buf.asFloatBuffer().put(data);
      NDArray array = manager.create(buf, new Shape(t.shape()), DataType.FLOAT32);
      array.setName(name);
      list.add(array);
    }
    return list;
  }

  @Override
  public Map<String, Tensor> processOutput(TranslatorContext ctx, NDList list) {
    if (list.size() != outputNames.size()) {
      throw new DeepFaceException("model " + model + " returned " + list.size() + " outputs, its graph names "
          + outputNames.size() + ": " + outputNames);
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      NDArray a = list.get(i);
      if (a.getDataType() != DataType.FLOAT32) {
        throw new DeepFaceException("model " + model + " output " + outputNames.get(i) + " is " + a.getDataType()
            + ", expected float32");
      }
      out.put(outputNames.get(i), new Tensor(a.toFloatArray(), a.getShape().getShape()));
    }
    return out;
  }
}
