package io.deepface.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads a setting from a system property, then from an environment variable. Internal: not part of
 * the supported API.
 */
public final class Settings {
  private Settings() {}

  /** The system property {@code property} if set and not blank, else the environment variable {@code env}. */
  public static Optional<String> get(String property, String env) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  /** {@code true} for 1, true, yes, on (any case); {@code false} for 0, false, no, off; else the default. */
  public static boolean flag(String property, String env, boolean defaultValue) {
    return get(property, env).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes", "on" -> true;
      case "0", "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException(
          property + " / " + env + " must be true or false, got '" + v + "'");
    }).orElse(defaultValue);
  }
}
