package io.deepface.examples.cli;

import io.deepface.DeepFace;
import io.deepface.spi.BackendRegistry;
import io.deepface.spi.ComponentInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "components", description = "List the detectors, embedders and attribute models on the classpath, with their backend.")
final class ComponentsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    BackendRegistry registry = DeepFace.registry();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ComponentInfo c : registry.components()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
      row.put("name", c.name());
      row.put("backend", c.backend());
      row.put("selected", registry.isSelected(c));
      row.put("description", c.description());
      row.put("models", c.models());
      rows.add(row);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("backends", registry.backends().stream().map(b -> Map.of("name", b.name(), "rank", b.rank())).toList());
    out.put("skipped", registry.skipped());
    out.put("components", rows);
    Json.print(spec.commandLine().getOut(), out);
    return 0;
  }
}
