package io.deepface;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The exception promise ({@link DeepFaceException}'s class comment): everything the library throws on purpose
 * is a {@code DeepFaceException}, except the JDK's exceptions for a broken precondition (a null or out-of-range
 * argument, use after close), which are not wrapped. Walks the sources of this module: every {@code throw new X}
 * and every {@code @throws X} of Javadoc, and every checked exception a public method declares.
 */
class ExceptionPromiseTest {
  /**
   * Programming errors, as Java reports them; never wrapped (see DeepFaceException's comment).
   * NoSuchElementException: {@code Iterator.next()} past the end, as the Iterator contract requires (FaceStream).
   */
  private static final Set<String> PRECONDITIONS = Set.of("IllegalArgumentException", "NullPointerException",
      "IllegalStateException", "UnsupportedOperationException", "IndexOutOfBoundsException", "NoSuchElementException");
  /** Checked exceptions the SPI lets implementations throw, with the reason. */
  private static final Map<String, String> SPI_CHECKED = Map.of(
      "io.deepface.spi.DeepFaceBackend.checkAvailable", "anything thrown makes the registry skip the backend");
  private static final Pattern THROW = Pattern.compile("throw new ([A-Z][A-Za-z0-9_]*)\\(");
  private static final Pattern JAVADOC_THROWS = Pattern.compile("@throws\\s+([A-Za-z0-9_.]+)");

  private static List<Path> files() throws IOException {
    Path root = Path.of(System.getProperty("user.dir"), "src", "main", "java");
    try (Stream<Path> s = Files.walk(root)) {
      // io.deepface.internal is not API, and the model converters' own parsers report through ConversionException.
      return s.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !p.toString().contains("/internal/") && !p.toString().contains("/model/convert/"))
          .sorted().toList();
    }
  }

  @Test
  void everyDeliberateThrowAndEveryDocumentedThrowIsADeepFaceExceptionOrAPreconditionFailure() throws Exception {
    List<String> broken = new ArrayList<>();
    List<Path> files = files();
    assertThat(files).hasSizeGreaterThan(50);
    int throwsSeen = 0;
    for (Path file : files) {
      String src = Files.readString(file);
      for (Pattern p : List.of(THROW, JAVADOC_THROWS)) {
        Matcher m = p.matcher(src);
        while (m.find()) {
          throwsSeen++;
          String name = m.group(1);
          String simple = name.substring(name.lastIndexOf('.') + 1);
          if (PRECONDITIONS.contains(simple) || simple.equals("AssertionError")) {
            continue;
          }
          Class<?> type = resolve(name, file, src);
          if (type != null && !RuntimeException.class.isAssignableFrom(type) && !Error.class.isAssignableFrom(type)) {
            continue; // Checked: it cannot leave a public method undeclared, which the test below checks.
          }
          if (file.endsWith("ModelConverter.java") && simple.equals("RuntimeException")) {
            continue; // SPI: a converter may throw anything; the repository wraps it in a ConversionException.
          }
          if (type == null || !DeepFaceException.class.isAssignableFrom(type)) {
            int line = src.substring(0, m.start()).split("\n", -1).length;
            broken.add(file.getFileName() + ":" + line + " " + m.group());
          }
        }
      }
    }
    assertThat(throwsSeen).isGreaterThan(100);
    assertThat(broken).as("throws that break the exception promise").isEmpty();
  }

  @Test
  void publicMethodsDeclareNoCheckedExceptionsBeyondTheSpisOwn() throws Exception {
    List<String> broken = new ArrayList<>();
    for (Path file : files()) {
      Class<?> type = classOf(file);
      if (type == null || !Modifier.isPublic(type.getModifiers())) {
        continue;
      }
      for (Method m : type.getDeclaredMethods()) {
        if (!Modifier.isPublic(m.getModifiers())) {
          continue;
        }
        for (Class<?> e : m.getExceptionTypes()) {
          boolean unchecked = RuntimeException.class.isAssignableFrom(e) || Error.class.isAssignableFrom(e);
          if (!unchecked && !SPI_CHECKED.containsKey(type.getName() + "." + m.getName())) {
            broken.add(type.getName() + "." + m.getName() + " throws " + e.getName());
          }
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  private static Class<?> classOf(Path file) {
    Path root = Path.of(System.getProperty("user.dir"), "src", "main", "java");
    String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
    if (name.endsWith("package-info")) {
      return null;
    }
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(name, e);
    }
  }

  /** The class {@code name} means in {@code file}: fully qualified, imported, same package, or java.lang / java.io. */
  private static Class<?> resolve(String name, Path file, String src) {
    List<String> candidates = new ArrayList<>();
    candidates.add(name);
    Matcher imp = Pattern.compile("^import ([\\w.]+\\." + Pattern.quote(name) + ");", Pattern.MULTILINE).matcher(src);
    if (imp.find()) {
      candidates.add(imp.group(1));
    }
    Matcher pkg = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE).matcher(src);
    if (pkg.find()) {
      candidates.add(pkg.group(1) + "." + name);
      candidates.add(pkg.group(1) + "." + file.getFileName().toString().replace(".java", "") + "$" + name);
    }
    candidates.add("java.lang." + name);
    candidates.add("java.io." + name);
    for (String c : candidates) {
      try {
        return Class.forName(c);
      } catch (ClassNotFoundException e) {
        // next candidate
      }
    }
    return null;
  }
}
