package io.deepface.examples.cli;

import io.deepface.examples.json.Json;

import io.deepface.model.ModelInfo;
import io.deepface.model.ModelRepository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "models", description = {
    "List the model catalog and where each model is found locally (cache or DEEPFACE_MODEL_PATH).",
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
      for (ModelInfo m : repo.catalog().models()) {
        rows.add(row(m, repo.locate(m.id())));
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
