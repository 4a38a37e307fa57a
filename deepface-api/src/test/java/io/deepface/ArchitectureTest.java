package io.deepface;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import graph of this module's main classes, from the JDK's {@code jdeps}: no circle of classes across
 * packages (such as the old FaceEngine -> Gallery -> FaceEngine), and no package cycle but the one through the root
 * package {@code io.deepface}, whose public vocabulary (DeepFaceException, FaceOptions, FacialArea...) every other
 * package uses while its facade uses them all.
 */
class ArchitectureTest {
  private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.deepface\\S*)\\s+->\\s+(io\\.deepface\\S*)\\s");
  private static Map<String, Set<String>> classes;

  @BeforeAll
  static void readTheImportGraph() {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    int rc = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:class", "-filter:none",
        "-e", "io\\.deepface.*", Path.of("target/classes").toString());
    assertThat(rc).isZero();
    classes = new TreeMap<>();
    for (String line : out.toString().split("\\R")) {
      Matcher m = EDGE.matcher(line);
      if (m.find()) {
        classes.computeIfAbsent(topLevel(m.group(1)), k -> new TreeSet<>()).add(topLevel(m.group(2)));
      }
    }
    assertThat(classes).hasSizeGreaterThan(100);
  }

  private static String topLevel(String className) {
    int dollar = className.indexOf('$');
    return dollar < 0 ? className : className.substring(0, dollar);
  }

  private static String packageOf(String className) {
    return className.substring(0, className.lastIndexOf('.'));
  }

  @Test
  void noCircleOfClassesCrossesAPackage() {
    for (Set<String> cycle : cycles(classes, UnaryOperator.identity())) {
      Set<String> packages = new TreeSet<>();
      cycle.forEach(c -> packages.add(packageOf(c)));
      assertThat(packages).as("classes in a circle: " + cycle).hasSize(1);
    }
  }

  @Test
  void noPackageCycleButTheRootPackagesOwn() {
    Map<String, Set<String>> packages = new TreeMap<>();
    classes.forEach((from, tos) -> {
      for (String to : tos) {
        String a = packageOf(from);
        String b = packageOf(to);
        if (!a.equals(b) && !a.equals("io.deepface") && !b.equals("io.deepface")) {
          packages.computeIfAbsent(a, k -> new TreeSet<>()).add(b);
        }
      }
    });
    assertThat(packages).containsKey("io.deepface.align").containsKey("io.deepface.find");
    assertThat(cycles(packages, UnaryOperator.identity())).as("package cycles").isEmpty();
  }

  /** The strongly connected components of more than one node (Tarjan). */
  private static List<Set<String>> cycles(Map<String, Set<String>> graph, UnaryOperator<String> node) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        strongConnect(node.apply(v), graph, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void strongConnect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        strongConnect(w, graph, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        out.add(component);
      }
    }
  }
}
