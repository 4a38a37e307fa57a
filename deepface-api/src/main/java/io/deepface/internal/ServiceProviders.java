package io.deepface.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.BiConsumer;

/**
 * Tolerant {@link ServiceLoader} lookup, as SLF4J finds its providers: a provider that cannot be
 * instantiated (a missing class, a failing constructor) is reported and skipped, and the others are still
 * returned.
 */
public final class ServiceProviders {
  private ServiceProviders() {}

  /** The class loader to search: the thread's context class loader, else {@code fallback}'s. */
  public static ClassLoader defaultLoader(Class<?> fallback) {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : fallback.getClassLoader();
  }

  /**
   * Every provider of {@code service} that could be instantiated, in the order {@link ServiceLoader} gives.
   *
   * @param skipped told the index and the reason of each provider that could not be instantiated
   */
  public static <T> List<T> load(Class<T> service, ClassLoader loader, BiConsumer<Integer, String> skipped) {
    List<T> out = new ArrayList<>();
    Iterator<T> it = ServiceLoader.load(service, loader).iterator();
    int index = 0;
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        out.add(it.next());
      } catch (ServiceConfigurationError | LinkageError e) {
        skipped.accept(index, e.getMessage() != null ? e.getMessage() : e.toString());
      }
      index++;
    }
    return out;
  }
}
