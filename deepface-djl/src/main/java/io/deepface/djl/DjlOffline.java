package io.deepface.djl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Deep Java Library from reaching the network. DJL reads {@code ai.djl.offline} (or
 * {@code DJL_OFFLINE}) and {@code OPT_OUT_TRACKING} when its {@code Engine} class initialises; without
 * them it asks a cloud metadata address about the machine and may download engine libraries. This
 * library never downloads anything through DJL (models come from its own verified model repository and
 * native libraries from jars on the classpath), so both are set before any DJL class loads: by
 * {@link DjlEngines}, before it starts DJL's engines ({@link DjlBackend#checkAvailable()} or the first model load).
 *
 * <p>An explicit {@code -Dai.djl.offline=false} is respected (with a warning); tracking stays off.
 */
final class DjlOffline {
  private static final Logger LOG = LoggerFactory.getLogger(DjlOffline.class);

  static final String OFFLINE = "ai.djl.offline";
  static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";

  private DjlOffline() {}

  /** Sets {@code ai.djl.offline=true} unless already set, and {@code OPT_OUT_TRACKING=true}. Idempotent. */
  static synchronized void ensure() {
    String offline = System.getProperty(OFFLINE);
    if (offline == null || offline.isBlank()) {
      System.setProperty(OFFLINE, "true");
    } else if (!Boolean.parseBoolean(offline.strip())) {
      LOG.warn("{}={} was set explicitly: DJL may download engine files; DeepFace never asks it to", OFFLINE, offline);
    }
    String tracking = System.getProperty(OPT_OUT_TRACKING);
    if (tracking == null || !Boolean.parseBoolean(tracking.strip())) {
      System.setProperty(OPT_OUT_TRACKING, "true");
    }
  }
}
