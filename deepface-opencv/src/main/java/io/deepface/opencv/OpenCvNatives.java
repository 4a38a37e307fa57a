package io.deepface.opencv;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_java;
import org.opencv.core.Core;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads OpenCV's native libraries (JavaCPP's {@code opencv_java}, which backs the official {@code org.opencv}
 * Java API) once per JVM, from the platform jar on the classpath: JavaCPP unpacks them into its cache
 * ({@code ~/.javacpp/cache}, or {@code org.bytedeco.javacpp.cachedir}); nothing is downloaded. Also unpacks
 * the Haar cascades that ship in the same jar. Thread-safe.
 */
final class OpenCvNatives {
  private static final Logger LOG = LoggerFactory.getLogger(OpenCvNatives.class);
  private static final Object LOCK = new Object();
  private static volatile String version;
  private static Throwable failure;

  private OpenCvNatives() {}

  /**
   * Loads the natives if not done yet and returns OpenCV's version string.
   *
   * @throws IllegalStateException when they cannot be loaded here (another OS or CPU, a missing platform
   *     jar); the cause is the original error, and later calls fail the same way without retrying
   */
  static String load() {
    String v = version;
    if (v != null) {
      return v;
    }
    synchronized (LOCK) {
      if (version != null) {
        return version;
      }
      if (failure == null) {
        long start = System.nanoTime();
        try {
          Loader.load(opencv_java.class);
          version = Core.getVersionString();
          LOG.debug("Loaded OpenCV {} natives for {} in {} ms", version, Loader.getPlatform(),
              (System.nanoTime() - start) / 1_000_000);
          return version;
        } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError...: anything means "not here"
          failure = t;
        }
      }
      throw new IllegalStateException("OpenCV's native libraries cannot be loaded on platform " + platform()
          + " (deepface-opencv ships them for linux-x86_64 through org.bytedeco:opencv:linux-x86_64): " + failure,
          failure);
    }
  }

  private static String platform() {
    try {
      return Loader.getPlatform();
    } catch (Throwable t) {
      return System.getProperty("os.name") + "-" + System.getProperty("os.arch");
    }
  }

  /**
   * A Haar or LBP cascade shipped in the OpenCV platform jar (for example
   * {@code haarcascades/haarcascade_frontalface_default.xml}), unpacked into JavaCPP's cache if needed,
   * as a file that {@code CascadeClassifier} can read.
   *
   * @throws IllegalStateException when the jar has no such cascade
   */
  static Path cascade(String relative) {
    load();
    String resource = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/" + relative;
    try {
      File f = Loader.cacheResource(OpenCvNatives.class, resource);
      if (f == null) {
        throw new IllegalStateException("the OpenCV jar for " + Loader.getPlatform() + " has no cascade " + resource);
      }
      return f.toPath();
    } catch (IOException e) {
      throw new IllegalStateException("cannot unpack the cascade " + resource + " from the OpenCV jar: " + e, e);
    }
  }
}
