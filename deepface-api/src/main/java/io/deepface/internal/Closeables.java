package io.deepface.internal;

/** Closing several native-backed objects. Internal: not part of the supported API. */
public final class Closeables {
  private Closeables() {}

  /** Closes every element, even when some fail; rethrows the first failure with the others suppressed. */
  public static void closeAll(Iterable<? extends AutoCloseable> all) {
    RuntimeException first = null;
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException("close failed", e);
        if (first == null) {
          first = r;
        } else {
          first.addSuppressed(r);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
