package io.deepface.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Keeps the warnings a test provokes on purpose out of the console and checks them: {@code System.err} is captured
 * around each test ({@link LogCapture}), the test declares what it expects by taking a {@link LogCapture} parameter
 * and calling {@link LogCapture#expectWarning}, and after the test every warning must have been declared (and every
 * declaration met). Use with {@code @ExtendWith(CaptureLogs.class)}.
 */
public final class CaptureLogs implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CaptureLogs.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NS).put("log", LogCapture.start());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    LogCapture log = context.getStore(NS).remove("log", LogCapture.class);
    log.close();
    if (context.getExecutionException().isEmpty()) {
      log.assertWarningsAsExpected();
    } else {
      System.err.print(log.text()); // A failing test shows what it logged.
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LogCapture.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NS).get("log", LogCapture.class);
  }
}
