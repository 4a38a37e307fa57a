package io.deepface.examples.cli;

import io.deepface.examples.json.Json;
import io.deepface.examples.json.ResultJson;

import io.deepface.DeepFace;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "components", mixinStandardHelpOptions = true,
    description = "List the detectors, embedders and attribute models on the classpath, with their backend.")
final class ComponentsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Json.print(spec.commandLine().getOut(), ResultJson.components(DeepFace.registry()));
    return 0;
  }
}
