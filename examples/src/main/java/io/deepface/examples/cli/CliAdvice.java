package io.deepface.examples.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the library's advice, which names Java methods, into the CLI's flags: an error message should say what to
 * type. Each phrase here is checked against the library's real message by the CLI tests.
 */
final class CliAdvice {
  private static final Map<String, String> PHRASES = new LinkedHashMap<>();

  static {
    PHRASES.put("set enforceDetection(false) to use the whole image as the face",
        "pass --enforce-detection=false to use the whole image as the face");
    PHRASES.put("try another detector or a lower minConfidence", "try another --detector or a lower --min-confidence");
    PHRASES.put("(raise it with ImageLimits)", "(raise it with --max-pixels)");
    PHRASES.put("or turn antiSpoofing off", "or leave out --anti-spoofing");
    PHRASES.put("pass one with FaceOptions.threshold(...)", "pass one with --threshold");
  }

  private CliAdvice() {}

  static String inCliTerms(String message) {
    if (message == null) {
      return null;
    }
    String out = message;
    for (Map.Entry<String, String> e : PHRASES.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }
}
