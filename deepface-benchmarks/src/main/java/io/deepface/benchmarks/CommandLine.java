package io.deepface.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The benchmarks' command lines: {@code --name value} pairs. */
public final class CommandLine {
  private CommandLine() {}

  /**
   * The options of {@code args}, by name without the dashes, in order.
   *
   * @throws IllegalArgumentException when an argument is not a {@code --name} followed by a value
   */
  public static Map<String, String> parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
      }
      m.put(args[i].substring(2), args[++i]);
    }
    return m;
  }
}
