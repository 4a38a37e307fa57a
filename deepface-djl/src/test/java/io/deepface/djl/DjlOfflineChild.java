package io.deepface.djl;

import io.deepface.FaceEngine;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.model.ModelRepository;
import io.deepface.spi.BackendRegistry;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Run in a fresh JVM by {@link DjlOfflineTest}, with neither DJL's offline property nor its tracking opt-out
 * set: records every address the JVM tries to open, refusing them all, then discovers the backends and runs
 * a DJL model of each engine.
 */
public final class DjlOfflineChild {
  private DjlOfflineChild() {}

  public static void main(String[] args) throws IOException {
    List<String> asked = new CopyOnWriteArrayList<>();
    // Every http(s) or ftp URL this JVM opens is recorded and refused before any socket exists. DJL opens
    // its addresses with java.net.URL (and Proxy.NO_PROXY, so a ProxySelector would not see them).
    URL.setURLStreamHandlerFactory(protocol -> switch (protocol) {
      case "http", "https", "ftp" -> new URLStreamHandler() {
        @Override
        protected URLConnection openConnection(URL u) throws IOException {
          asked.add(u.toString());
          throw new IOException("network access refused by the test: " + u);
        }

        @Override
        protected URLConnection openConnection(URL u, Proxy p) throws IOException {
          return openConnection(u);
        }
      };
      default -> null;
    });
    System.out.println("BEFORE offline=" + System.getProperty("ai.djl.offline") + " tracking="
        + System.getProperty("OPT_OUT_TRACKING") + " env=" + System.getenv("OPT_OUT_TRACKING")
        + System.getenv("DJL_OFFLINE"));
    // Creating the backend does nothing heavy and has no side effect: the registry's checkAvailable call does it.
    new DjlBackend().components();
    System.out.println("CREATED offline=" + System.getProperty("ai.djl.offline") + " tracking="
        + System.getProperty("OPT_OUT_TRACKING") + " engineClassLoaded=" + loaded("ai.djl.engine.Engine"));
    BackendRegistry registry = BackendRegistry.load();
    System.out.println("AFTER offline=" + System.getProperty("ai.djl.offline") + " tracking="
        + System.getProperty("OPT_OUT_TRACKING"));
    ModelRepository models = ModelRepository.builder().modelPath(List.of(Path.of(args[0])))
        .cacheDir(Path.of(args[1])).offline(true).build();
    try (FaceEngine engine = FaceEngine.builder().registry(registry).models(models).build()) {
      RgbImage img = engine.decode(ImageInput.of(Path.of(args[2])));
      int yunet = engine.detector("yunet").detect(img, 0.6).size();
      int mediapipe = engine.detector("mediapipe").detect(img, 0.5).size();
      System.out.println("FACES yunet=" + yunet + " mediapipe=" + mediapipe + " via " + registry.backends().get(0).name());
    }
    // Whatever else an application does with DJL afterwards (here: its default engine) stays offline too.
    System.out.println("DEFAULT ENGINE " + ai.djl.engine.Engine.getDefaultEngineName());
    System.out.println("REQUESTS " + asked);
  }

  /** Whether the system class loader has loaded {@code name} (without loading it). */
  private static boolean loaded(String name) {
    try {
      java.lang.reflect.Method m = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
      m.setAccessible(true);
      return m.invoke(ClassLoader.getSystemClassLoader(), name) != null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(e);
    }
  }
}
