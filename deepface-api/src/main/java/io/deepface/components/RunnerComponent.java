package io.deepface.components;

import io.deepface.DeepFaceException;
import io.deepface.internal.Closeables;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.Component;
import io.deepface.spi.ComponentInfo;
import java.util.List;

/** A component whose models run in {@link TensorRunner}s; closing it closes them. */
public abstract class RunnerComponent implements Component {
  private final ComponentInfo info;
  private final List<TensorRunner> runners;

  protected RunnerComponent(ComponentInfo info, List<TensorRunner> runners) {
    this.info = info;
    this.runners = List.copyOf(runners);
  }

  @Override
  public ComponentInfo info() {
    return info;
  }

  @Override
  public void close() {
    Closeables.closeAll(runners);
  }

  /** The single output of a one-output model, whatever its name. */
  protected static io.deepface.runtime.Tensor only(java.util.Map<String, io.deepface.runtime.Tensor> outputs) {
    if (outputs.size() != 1) {
      throw new DeepFaceException("expected one output, got " + outputs.keySet());
    }
    return outputs.values().iterator().next();
  }
}
