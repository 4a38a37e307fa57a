package io.deepface.find;

import io.deepface.internal.ServiceProviders;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link VectorStoreProvider}s on the classpath, found with {@link java.util.ServiceLoader}. */
public final class VectorStores {
  private static final Logger LOG = LoggerFactory.getLogger(VectorStores.class);
  /** The in-memory exact store. */
  public static final String EXACT = "exact";
  /** The Lucene HNSW approximate store. */
  public static final String HNSW = "hnsw";
  private static volatile List<VectorStoreProvider> providers;

  private VectorStores() {}

  /** Every provider, the built-in ones first; a provider that fails to load is skipped with a warning. */
  public static List<VectorStoreProvider> providers() {
    List<VectorStoreProvider> p = providers;
    if (p == null) {
      p = load();
      providers = p;
    }
    return p;
  }

  private static List<VectorStoreProvider> load() {
    List<VectorStoreProvider> out = new ArrayList<>();
    out.add(new ExactVectorStore.Provider());
    out.add(new HnswVectorStore.Provider());
    for (VectorStoreProvider provider : ServiceProviders.load(VectorStoreProvider.class,
        ServiceProviders.defaultLoader(VectorStores.class),
        (index, reason) -> LOG.warn("Skipping a vector store provider that cannot be loaded: {}", reason))) {
      if (out.stream().noneMatch(o -> o.name().equals(provider.name()))) {
        out.add(provider);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The provider called {@code name}.
   *
   * @throws IllegalArgumentException when there is none; the message lists those available
   */
  public static VectorStoreProvider provider(String name) {
    return providers().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("unknown vector store '" + name + "'; available: "
            + providers().stream().map(VectorStoreProvider::name).toList()));
  }

  /** Opens a store with the provider called {@code name}. */
  public static VectorStore open(String name, VectorStoreConfig config) {
    return provider(name).open(config);
  }
}
