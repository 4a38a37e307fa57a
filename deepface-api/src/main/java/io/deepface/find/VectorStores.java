package io.deepface.find;

import io.deepface.internal.ServiceProviders;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link VectorStoreProvider}s on the classpath, found with {@link java.util.ServiceLoader} as backends are:
 * every provider listed in a {@code META-INF/services/io.deepface.find.VectorStoreProvider} file, this library's
 * own {@code exact} and {@code hnsw} included. Discovery is tolerant: a provider that cannot be instantiated (a
 * class missing from the classpath, such as Lucene for {@code hnsw}, or a failing constructor) is skipped with one
 * warning and never breaks the others.
 */
public final class VectorStores {
  private static final Logger LOG = LoggerFactory.getLogger(VectorStores.class);
  /** The in-memory exact store. */
  public static final String EXACT = "exact";
  /** The Lucene HNSW approximate store. */
  public static final String HNSW = "hnsw";
  private static final java.util.Set<String> BUILTIN =
      java.util.Set.of("io.deepface.find.ExactVectorStore$Provider", "io.deepface.find.HnswVectorStore$Provider");
  private static volatile List<VectorStoreProvider> providers;

  private VectorStores() {}

  /**
   * Every provider, this library's own first; of two providers with one name, the first is kept (with a
   * warning). Discovered once, with the thread's context class loader.
   */
  public static List<VectorStoreProvider> providers() {
    List<VectorStoreProvider> p = providers;
    if (p == null) {
      p = load(ServiceProviders.defaultLoader(VectorStores.class));
      providers = p;
    }
    return p;
  }

  /** Every provider {@code loader} can see, ordered and deduplicated as {@link #providers()} says. */
  static List<VectorStoreProvider> load(ClassLoader loader) {
    List<VectorStoreProvider> found = new ArrayList<>(ServiceProviders.load(VectorStoreProvider.class, loader,
        (index, reason) -> LOG.warn("Skipping a vector store provider that cannot be loaded: {}", reason)));
    // Stable sort: the library's own providers first, the others in ServiceLoader's order.
    found.sort(Comparator.comparingInt(p -> isBuiltin(p) ? 0 : 1));
    List<VectorStoreProvider> out = new ArrayList<>();
    for (VectorStoreProvider provider : found) {
      VectorStoreProvider same = out.stream().filter(o -> o.name().equals(provider.name())).findFirst().orElse(null);
      if (same == null) {
        out.add(provider);
      } else if (same.getClass() != provider.getClass()) {
        LOG.warn("Two vector store providers are named '{}' ({} and {}); using the first", provider.name(),
            same.getClass().getName(), provider.getClass().getName());
      }
    }
    return List.copyOf(out);
  }

  private static boolean isBuiltin(VectorStoreProvider p) {
    // By class name, not instanceof: naming HnswVectorStore's classes here would tie this class to Lucene.
    return BUILTIN.contains(p.getClass().getName());
  }

  /**
   * The provider called {@code name}.
   *
   * @throws FindException when there is none; the message lists those available
   */
  public static VectorStoreProvider provider(String name) {
    return providers().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
        new FindException("Unknown vector store '" + name + "'; available: "
            + providers().stream().map(VectorStoreProvider::name).toList()
            + ". A store of another name needs its provider jar on the classpath."));
  }

  /**
   * Opens a store with the provider called {@code name}.
   *
   * @throws FindException when there is no such provider or the store cannot be opened
   */
  public static VectorStore open(String name, VectorStoreConfig config) {
    return provider(name).open(config);
  }
}
