package io.deepface.spi;

import io.deepface.internal.Settings;
import java.util.Optional;

/**
 * How a backend reads its own settings, the way the library reads its own: a system property first
 * ({@code -Ddeepface.onnx.spinning=false}), then an environment variable ({@code DEEPFACE_ONNX_SPINNING}). Part
 * of the SPI so that backends need nothing from {@code io.deepface.internal}.
 */
public final class BackendSettings {
  private BackendSettings() {}

  /** The system property {@code property} if set and not blank, else the environment variable {@code env}. */
  public static Optional<String> get(String property, String env) {
    return Settings.get(property, env);
  }

  /**
   * A yes/no setting: {@code true} for 1, true, yes, on (any case); {@code false} for 0, false, no, off;
   * {@code defaultValue} when unset.
   *
   * @throws IllegalArgumentException for any other value, naming the setting
   */
  public static boolean flag(String property, String env, boolean defaultValue) {
    return Settings.flag(property, env, defaultValue);
  }
}
