package io.deepface.examples.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Traps stop signals (SIGTERM, SIGINT) so that a server stops before the JVM's shutdown begins. This matters: at
 * shutdown, ONNX Runtime's own hook frees its native environment while other hooks run, so a model still computing
 * a request would crash the process. {@code sun.misc.Signal} (module jdk.unsupported) is reached by reflection,
 * which keeps the build free of its compiler warning; where it is missing, {@link #trap} says so and the caller
 * falls back to a shutdown hook.
 */
final class Signals {
  private Signals() {}

  /** Runs {@code onSignal} (once per signal) on SIGTERM and SIGINT instead of exiting; false if not possible. */
  static boolean trap(List<String> names, Runnable onSignal) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Constructor<?> make = signal.getConstructor(String.class);
      Method handle = signal.getMethod("handle", signal, handler);
      Object proxy = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handler},
          (p, method, args) -> {
            if (method.getName().equals("handle")) {
              onSignal.run();
              return null;
            }
            return switch (method.getName()) {
              case "hashCode" -> System.identityHashCode(p);
              case "equals" -> p == args[0];
              case "toString" -> "stop signal handler";
              default -> null;
            };
          });
      for (String name : names) {
        handle.invoke(null, make.newInstance(name), proxy);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }
}
