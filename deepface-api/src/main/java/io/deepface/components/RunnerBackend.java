package io.deepface.components;

import io.deepface.model.ModelInfo;
import io.deepface.runtime.TensorRunner;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.BackendContext;
import io.deepface.spi.Component;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.ComponentKind;
import io.deepface.spi.DeepFaceBackend;
import io.deepface.spi.FaceDetector;
import io.deepface.spi.FaceEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A backend that offers the {@link StandardComponents} by running their graphs in its own runtime: a
 * subclass only says how to open a model file ({@link #open}).
 */
public abstract class RunnerBackend implements DeepFaceBackend {

  /** Opens a verified model file in this backend's runtime. */
  protected abstract TensorRunner open(ModelInfo model, Path file, BackendContext context);

  /** The standard components this backend offers (default: all of them). */
  protected List<StandardComponents.Definition> definitions() {
    return StandardComponents.all();
  }

  @Override
  public List<ComponentInfo> components() {
    return definitions().stream().map(this::info).toList();
  }

  private ComponentInfo info(StandardComponents.Definition d) {
    return new ComponentInfo(d.kind(), d.name(), name(), d.description(), d.models());
  }

  @Override
  public FaceDetector createDetector(String name, BackendContext context) {
    return (FaceDetector) create(ComponentKind.DETECTOR, name, context);
  }

  @Override
  public FaceEmbedder createEmbedder(String name, BackendContext context) {
    return (FaceEmbedder) create(ComponentKind.EMBEDDER, name, context);
  }

  @Override
  public AttributeModel createAttributeModel(String name, BackendContext context) {
    return (AttributeModel) create(ComponentKind.ATTRIBUTE, name, context);
  }

  private Component create(ComponentKind kind, String name, BackendContext context) {
    StandardComponents.Definition d = definitions().stream()
        .filter(x -> x.kind() == kind && x.name().equals(name)).findFirst()
        .orElseThrow(() -> new UnsupportedOperationException(name() + " offers no " + kind + " " + name));
    List<TensorRunner> opened = new ArrayList<>();
    ModelLoader loader = id -> {
      ModelInfo model = context.models().info(id);
      TensorRunner r = open(model, context.models().resolve(id), context);
      opened.add(r);
      return r;
    };
    try {
      return d.factory().create(info(d), loader);
    } catch (RuntimeException | Error e) {
      for (TensorRunner r : opened) {
        try {
          r.close();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }
}
