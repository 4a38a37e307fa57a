package io.deepface.spi;

import io.deepface.internal.ServiceProviders;
import io.deepface.internal.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends found on the classpath and the rule that picks one per component.
 *
 * <p>Discovery is tolerant, as SLF4J's is: each provider is created and checked inside a {@code try};
 * one that cannot be instantiated or whose native library fails to load is skipped with one warning
 * and never breaks the others. Selection: among the backends offering a component of that kind and
 * name, the lowest {@link DeepFaceBackend#rank()} wins (ties by name), unless a preference list
 * ({@code DEEPFACE_BACKEND} / {@code -Ddeepface.backend}, for example {@code opencv} or
 * {@code opencv,onnx}) names backends: then the first listed backend that offers the component wins,
 * and a listed backend that is absent fails loudly.
 *
 * <p>Immutable and thread-safe once built; nothing is static, so tests can build their own.
 */
public final class BackendRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(BackendRegistry.class);
  private static final Comparator<DeepFaceBackend> ORDER =
      Comparator.comparingInt(DeepFaceBackend::rank).thenComparing(DeepFaceBackend::name);

  private final List<DeepFaceBackend> backends;
  private final Map<String, String> skipped;
  private final List<String> preference;
  private final Set<String> ambiguityLogged = ConcurrentHashMap.newKeySet();

  private BackendRegistry(List<DeepFaceBackend> backends, Map<String, String> skipped, List<String> preference) {
    this.backends = backends;
    this.skipped = skipped;
    this.preference = preference;
  }

  /**
   * Backends registered with {@link java.util.ServiceLoader} in this library's class loader, preference from the
   * environment.
   */
  public static BackendRegistry load() {
    return load(ServiceProviders.defaultLoader(BackendRegistry.class));
  }

  public static BackendRegistry load(ClassLoader classLoader) {
    Map<String, String> skipped = new LinkedHashMap<>();
    List<DeepFaceBackend> found = ServiceProviders.load(DeepFaceBackend.class, classLoader, (index, reason) -> {
      LOG.warn("Skipping a DeepFace backend that cannot be instantiated: {}", reason);
      skipped.put("(provider " + skipped.size() + ")", reason);
    });
    return of(found, skipped, environmentPreference());
  }

  /** A registry of the given backends (each is checked; unavailable ones are skipped), preference from the environment. */
  public static BackendRegistry of(List<? extends DeepFaceBackend> backends) {
    return of(backends, new LinkedHashMap<>(), environmentPreference());
  }

  private static BackendRegistry of(List<? extends DeepFaceBackend> candidates, Map<String, String> skipped,
      List<String> preference) {
    Map<String, DeepFaceBackend> byName = new LinkedHashMap<>();
    for (DeepFaceBackend b : candidates) {
      String name;
      try {
        name = b.name();
        b.checkAvailable();
        b.components();
      } catch (Exception | LinkageError e) {
        String who = b.getClass().getName();
        LOG.warn("Skipping DeepFace backend {}: it cannot run here: {}", who, e.toString());
        skipped.put(safeName(b), e.toString());
        continue;
      }
      DeepFaceBackend previous = byName.putIfAbsent(name, b);
      if (previous != null) {
        LOG.warn("Two DeepFace backends are named '{}' ({} and {}); using the first", name,
            previous.getClass().getName(), b.getClass().getName());
      }
    }
    List<DeepFaceBackend> sorted = byName.values().stream().sorted(ORDER).toList();
    LOG.debug("DeepFace backends: {}", sorted.stream().map(DeepFaceBackend::name).toList());
    return new BackendRegistry(sorted, Map.copyOf(skipped), preference);
  }

  private static String safeName(DeepFaceBackend b) {
    try {
      return b.name();
    } catch (RuntimeException | LinkageError e) {
      return b.getClass().getName();
    }
  }

  private static List<String> environmentPreference() {
    return Settings.get("deepface.backend", "DEEPFACE_BACKEND").map(BackendRegistry::parseList).orElse(List.of());
  }

  private static List<String> parseList(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** The same backends with another preference list (empty: rank decides). */
  public BackendRegistry withPreference(List<String> backendNames) {
    return new BackendRegistry(backends, skipped, List.copyOf(backendNames));
  }

  public List<String> preference() {
    return preference;
  }

  /** Backends that loaded, lowest rank first. */
  public List<DeepFaceBackend> backends() {
    return backends;
  }

  /** Backends that were found but could not run here, with the reason. */
  public Map<String, String> skipped() {
    return skipped;
  }

  /** Every component of every available backend, including those shadowed by a higher-ranked backend. */
  public List<ComponentInfo> components() {
    List<ComponentInfo> all = new ArrayList<>();
    for (DeepFaceBackend b : backends) {
      all.addAll(b.components());
    }
    return all;
  }

  /** Whether {@code info} is the one {@link #select} picks for its kind and name. */
  public boolean isSelected(ComponentInfo info) {
    try {
      return select(info.kind(), info.name()).name().equals(info.backend());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The backend that provides the component {@code name} of {@code kind}, by the rule in the class comment. */
  public DeepFaceBackend select(ComponentKind kind, String name) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    List<DeepFaceBackend> offering = backends.stream().filter(b -> offers(b, kind, name)).toList();
    if (!preference.isEmpty()) {
      for (String wanted : preference) {
        if (backends.stream().noneMatch(b -> b.name().equals(wanted))) {
          String why = skipped.containsKey(wanted) ? "it failed to load: " + skipped.get(wanted)
              : "it is not on the classpath; available backends: " + backendNames();
          throw new BackendNotFoundException("DEEPFACE_BACKEND names backend '" + wanted + "', but " + why);
        }
      }
      for (String wanted : preference) {
        for (DeepFaceBackend b : offering) {
          if (b.name().equals(wanted)) {
            return b;
          }
        }
      }
      throw new ComponentNotFoundException(label(kind) + " '" + name + "' is not offered by the backends "
          + preference + " chosen with DEEPFACE_BACKEND / deepface.backend"
          + (offering.isEmpty() ? "; no backend offers it. " + available(kind)
              : "; it is offered by " + offering.stream().map(DeepFaceBackend::name).toList()));
    }
    if (offering.isEmpty()) {
      throw new ComponentNotFoundException("No " + label(kind) + " named '" + name + "'. " + available(kind)
          + (skipped.isEmpty() ? "" : " Backends skipped: " + skipped));
    }
    if (offering.size() > 1 && offering.get(0).rank() == offering.get(1).rank()
        && ambiguityLogged.add(kind + "/" + name)) {
      LOG.info("{} '{}' is offered by {} at the same rank; using {} (set DEEPFACE_BACKEND to choose)",
          label(kind), name, offering.stream().map(DeepFaceBackend::name).toList(), offering.get(0).name());
    }
    return offering.get(0);
  }

  private static boolean offers(DeepFaceBackend b, ComponentKind kind, String name) {
    return b.components().stream().anyMatch(c -> c.kind() == kind && c.name().equals(name));
  }

  private List<String> backendNames() {
    return backends.stream().map(DeepFaceBackend::name).toList();
  }

  private String available(ComponentKind kind) {
    String names = components().stream().filter(c -> c.kind() == kind)
        .map(c -> c.name() + " (" + c.backend() + ")").distinct().collect(Collectors.joining(", "));
    return names.isEmpty()
        ? "No backend on the classpath offers any " + label(kind) + " (add deepface-onnx, deepface-opencv or deepface-djl)."
        : "Available " + label(kind) + "s: " + names + ".";
  }

  static String label(ComponentKind kind) {
    return switch (kind) {
      case DETECTOR -> "detector";
      case EMBEDDER -> "embedder";
      case ATTRIBUTE -> "attribute model";
    };
  }
}
