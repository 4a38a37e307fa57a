package io.deepface.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Captures what is written to {@code System.err} (where the tests' SLF4J binding, slf4j-simple, prints) while
 * it is open, so that a test that provokes a warning on purpose can assert it instead of printing it.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.start()) {
 *   somethingThatWarns();
 *   assertThat(log.text()).contains("WARN").contains("skipping");
 * }
 * }</pre>
 *
 * Everything the JVM writes to {@code System.err} meanwhile is captured, from any thread; native code writing
 * to the process's file descriptor 2 is not. {@link CaptureLogs} does this around every test of a class and fails
 * a test whose warnings are not the ones it declared.
 */
public final class LogCapture implements AutoCloseable {
  private final PrintStream original;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final List<String> expected = new ArrayList<>();

  private LogCapture() {
    original = System.err;
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
  }

  /** Starts capturing; close to restore {@code System.err}. */
  public static LogCapture start() {
    return new LogCapture();
  }

  /** Everything captured so far. */
  public synchronized String text() {
    System.err.flush();
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /** The captured lines. */
  public List<String> lines() {
    String t = text();
    return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\R"));
  }

  /** The captured lines slf4j-simple printed at WARN level. */
  public List<String> warnings() {
    return lines().stream().filter(l -> l.contains(" WARN ")).toList();
  }

  /** Declares a warning the test provokes on purpose: one containing {@code text}, at least once. */
  public LogCapture expectWarning(String text) {
    expected.add(text);
    return this;
  }

  /**
   * Fails unless every warning captured matches a declared one ({@link #expectWarning}) and every declaration
   * matched: a test that provokes warnings says which, and an unexpected warning is noticed.
   */
  public void assertWarningsAsExpected() {
    List<String> warnings = warnings();
    List<String> unexpected = warnings.stream().filter(w -> expected.stream().noneMatch(w::contains)).toList();
    List<String> missing = expected.stream().filter(e -> warnings.stream().noneMatch(w -> w.contains(e))).toList();
    if (!unexpected.isEmpty() || !missing.isEmpty()) {
      throw new AssertionError("unexpected warnings " + unexpected + "; expected but not logged " + missing);
    }
  }

  @Override
  public void close() {
    System.err.flush();
    System.setErr(original);
  }
}
