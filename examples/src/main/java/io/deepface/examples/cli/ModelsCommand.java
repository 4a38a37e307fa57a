package io.deepface.examples.cli;

import io.deepface.examples.json.Json;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceOptions;
import io.deepface.analysis.FaceAttribute;
import io.deepface.components.StandardComponents;
import io.deepface.model.ModelInfo;
import io.deepface.model.ModelRepository;
import io.deepface.spi.ComponentKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true, description = {
    "List the model catalog and where each model is found locally (cache or DEEPFACE_MODEL_PATH); \"default\"",
    "marks the files the default detector, embedder and analyze actions load, and stderr names the defaults that",
    "have a single download source.",
    "With model ids, fetch those models into the cache (downloading unless DEEPFACE_OFFLINE is set; a converted",
    "model, such as a TF.js graph, is converted from its sources into the cache)."})
final class ModelsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "MODEL_ID", description = "catalog ids to fetch, e.g. faceplugin/fr_feature.onnx")
  List<String> fetch = new ArrayList<>();

  @Override
  public Integer call() {
    ModelRepository repo = ModelRepository.fromEnvironment();
    List<Map<String, Object>> rows = new ArrayList<>();
    if (fetch.isEmpty()) {
      Set<String> defaults = defaultModels();
      List<String> singleSource = new ArrayList<>();
      for (ModelInfo m : repo.catalog().models()) {
        Map<String, Object> row = row(m, repo.locate(m.id()));
        row.put("default", defaults.contains(m.id()));
        rows.add(row);
        if (defaults.contains(m.id()) && !m.isConverted() && m.sources().size() <= 1) {
          singleSource.add(m.fileName()
              + (m.sources().isEmpty() ? " (no download source)" : " (" + m.sources().get(0) + ")"));
        }
      }
      if (!singleSource.isEmpty()) {
        spec.commandLine().getErr().println("Default models with a single download source: " + String.join(", ",
            singleSource) + ". If it cannot be reached, put the file in any folder on DEEPFACE_MODEL_PATH.");
      }
    } else {
      for (String id : fetch) {
        if (repo.catalog().find(id).isEmpty()) {
          throw new BadInputException("unknown model id '" + id + "' (run `models` for the list)");
        }
        rows.add(row(repo.info(id), Optional.of(repo.resolve(id))));
      }
    }
    Json.print(spec.commandLine().getOut(), rows);
    return 0;
  }

  /** The catalog ids the default detector, embedder and analyze actions load. */
  static Set<String> defaultModels() {
    Set<String> ids = new LinkedHashSet<>();
    StandardComponents.find(ComponentKind.DETECTOR, FaceOptions.DEFAULT_DETECTOR)
        .ifPresent(d -> ids.addAll(d.models()));
    StandardComponents.find(ComponentKind.EMBEDDER, FaceOptions.DEFAULT_MODEL).ifPresent(d -> ids.addAll(d.models()));
    for (FaceAttribute action : AnalyzeOptions.DEFAULT_ACTIONS) {
      String model = AnalyzeOptions.DEFAULT_MODELS.get(action);
      if (model != null) {
        StandardComponents.find(ComponentKind.ATTRIBUTE, model).ifPresent(d -> ids.addAll(d.models()));
      }
    }
    // A converted default is made from its sources, which are then default files too.
    for (String id : List.copyOf(ids)) {
      io.deepface.model.ModelCatalog.builtin().find(id).filter(ModelInfo::isConverted)
          .ifPresent(m -> ids.addAll(m.conversion().sources()));
    }
    return ids;
  }

  private static Map<String, Object> row(ModelInfo m, Optional<Path> local) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", m.id());
    row.put("file", m.fileName());
    if (m.isConverted()) {
      row.put("converted_by", m.conversion().converter());
      row.put("converted_from", m.conversion().sources());
    } else {
      row.put("size", m.size());
      row.put("sha256", m.sha256());
    }
    row.put("license", m.license());
    row.put("sources", m.sources().stream().map(Object::toString).toList());
    row.put("local", local.map(Path::toString).orElse(null));
    return row;
  }
}
