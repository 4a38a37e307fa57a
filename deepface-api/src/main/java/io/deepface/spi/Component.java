package io.deepface.spi;

/**
 * A loaded detector, embedder or attribute model. Implementations are thread-safe: one instance serves
 * every thread. {@link #close()} frees native memory; it must not be called while another thread still
 * uses the component.
 */
public interface Component extends AutoCloseable {
  ComponentInfo info();

  @Override
  void close();
}
