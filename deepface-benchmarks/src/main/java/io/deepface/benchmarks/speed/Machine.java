package io.deepface.benchmarks.speed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What a report says about the machine it was measured on: processors, load, memory of this process. */
public final class Machine {
  private Machine() {}

  /** The 1, 5 and 15 minute load averages ({@code /proc/loadavg}), or "unknown". */
  public static String load() {
    return read("/proc/loadavg").map(s -> {
      String[] p = s.trim().split("\\s+");
      return p[0] + " " + p[1] + " " + p[2];
    }).orElse("unknown");
  }

  /** Processors, CPU model and memory, in one line. */
  public static String describe() {
    String cpu = read("/proc/cpuinfo").flatMap(s -> s.lines().filter(l -> l.startsWith("model name")).findFirst())
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(System.getProperty("os.arch"));
    String mem = read("/proc/meminfo").flatMap(s -> s.lines().filter(l -> l.startsWith("MemTotal")).findFirst())
        .map(l -> String.format(Locale.ROOT, "%.1f GB RAM", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024))
        .orElse("");
    return Runtime.getRuntime().availableProcessors() + " processors (" + cpu + "), " + mem + ", Java "
        + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
  }

  /** Resident set size of this process in bytes ({@code VmRSS} of {@code /proc/self/status}), or -1. */
  public static long rssBytes() {
    return statusField("VmRSS:");
  }

  /** Peak resident set size of this process in bytes ({@code VmHWM}), or -1. */
  public static long peakRssBytes() {
    return statusField("VmHWM:");
  }

  private static long statusField(String name) {
    return read("/proc/self/status").flatMap(s -> s.lines().filter(l -> l.startsWith(name)).findFirst())
        .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).orElse(-1L);
  }

  private static Optional<String> read(String file) {
    try {
      return Optional.of(Files.readString(Path.of(file)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
