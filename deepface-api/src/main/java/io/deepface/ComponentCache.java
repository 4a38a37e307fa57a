package io.deepface;

import io.deepface.adapt.AdaptedEmbedder;
import io.deepface.adapt.EmbeddingAdapter;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.BackendContext;
import io.deepface.spi.BackendRegistry;
import io.deepface.spi.Component;
import io.deepface.spi.ComponentKind;
import io.deepface.spi.DeepFaceBackend;
import io.deepface.spi.FaceDetector;
import io.deepface.spi.FaceEmbedder;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine's components: each created once, on first use, by the backend the registry selects, then shared by
 * every thread; all closed with the engine. A creation that fails is retried on the next request.
 */
final class ComponentCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.deepface.FaceEngine");

  private final BackendRegistry registry;
  private final BackendContext context;
  private final Map<String, Lazy<Component>> components = new ConcurrentHashMap<>();
  private volatile boolean closed;

  ComponentCache(BackendRegistry registry, BackendContext context) {
    this.registry = registry;
    this.context = context;
  }

  FaceDetector detector(String name) {
    return get(ComponentKind.DETECTOR, name, FaceDetector.class);
  }

  FaceEmbedder embedder(String name) {
    return get(ComponentKind.EMBEDDER, name, FaceEmbedder.class);
  }

  AttributeModel attributeModel(String name) {
    return get(ComponentKind.ATTRIBUTE, name, AttributeModel.class);
  }

  private <T extends Component> T get(ComponentKind kind, String name, Class<T> type) {
    if (closed) {
      throw new IllegalStateException("this FaceEngine is closed");
    }
    Lazy<Component> lazy = components.computeIfAbsent(kind + ":" + name, k -> new Lazy<>(() -> create(kind, name)));
    return type.cast(lazy.get());
  }

  private Component create(ComponentKind kind, String name) {
    if (kind == ComponentKind.EMBEDDER) {
      Optional<AdaptedEmbedder.Parts> adapted = AdaptedEmbedder.parse(name);
      if (adapted.isPresent()) {
        // <base>+adapter:<file>: the engine's own base embedder, with the learned map on top.
        FaceEmbedder base = embedder(adapted.get().base());
        return new AdaptedEmbedder(name, base, EmbeddingAdapter.load(adapted.get().file()));
      }
    }
    DeepFaceBackend backend = registry.select(kind, name);
    long start = System.nanoTime();
    Component c = switch (kind) {
      case DETECTOR -> backend.createDetector(name, context);
      case EMBEDDER -> backend.createEmbedder(name, context);
      case ATTRIBUTE -> backend.createAttributeModel(name, context);
    };
    LOG.debug("Loaded {} {} from backend {} in {} ms", kind, name, backend.name(),
        (System.nanoTime() - start) / 1_000_000);
    return c;
  }

  /** Closes every component created so far; a failure is logged and the others are still closed. */
  @Override
  public void close() {
    closed = true;
    for (Lazy<Component> lazy : components.values()) {
      Component c = lazy.getIfCreated();
      if (c != null) {
        try {
          c.close();
        } catch (RuntimeException e) {
          LOG.warn("Closing {} failed: {}", c.info().name(), e.toString());
        }
      }
    }
    components.clear();
  }

  /** Creates its value once, on first {@link #get()}; a failed creation is retried on the next call. */
  private static final class Lazy<T> {
    private final Supplier<T> factory;
    private volatile T value;

    Lazy(Supplier<T> factory) {
      this.factory = factory;
    }

    T get() {
      T v = value;
      if (v == null) {
        synchronized (this) {
          v = value;
          if (v == null) {
            v = factory.get();
            value = v;
          }
        }
      }
      return v;
    }

    T getIfCreated() {
      return value;
    }
  }
}
