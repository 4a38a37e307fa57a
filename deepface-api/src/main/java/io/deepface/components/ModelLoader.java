package io.deepface.components;

import io.deepface.runtime.TensorRunner;

/** Opens the model with a catalog id in the backend's runtime (resolving the file through the model repository). */
@FunctionalInterface
public interface ModelLoader {
  TensorRunner load(String modelId);
}
