package io.deepface.benchmarks.memory;

import io.deepface.DeepFace;
import io.deepface.VerifyResult;
import io.deepface.benchmarks.speed.Machine;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The child process of {@link ColdStart}: one {@code DeepFace.verify} of two photos as the first thing a fresh
 * JVM does, then {@code DeepFace.analyze} (age, gender, emotion) so that every default model is loaded. Prints
 * {@code FIRST_VERIFY} as soon as the verify result exists and {@code MEMORY} at the end.
 */
public final class FirstVerify {
  private FirstVerify() {}

  public static void main(String[] args) {
    long mainStart = System.currentTimeMillis();
    VerifyResult r = DeepFace.verify(Path.of(args[0]), Path.of(args[1]));
    long verified = System.currentTimeMillis();
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.printf(Locale.ROOT, "FIRST_VERIFY jvm_to_main_ms=%d main_to_result_ms=%d verified=%s distance=%.4f%n",
        mainStart - jvmStart, verified - mainStart, r.verified(), r.distance());
    System.out.flush();
    long rssVerify = Machine.rssBytes();
    DeepFace.analyze(Path.of(args[0]));
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf(Locale.ROOT, "MEMORY rss_verify=%d rss_all_defaults=%d heap_after_gc=%d peak_rss=%d%n", rssVerify,
        Machine.rssBytes(), heap, Machine.peakRssBytes());
    System.out.flush();
    System.exit(0);
  }
}
