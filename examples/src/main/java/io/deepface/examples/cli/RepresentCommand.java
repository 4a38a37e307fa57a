package io.deepface.examples.cli;

import io.deepface.examples.json.Json;
import io.deepface.examples.json.ResultJson;

import io.deepface.Representation;
import io.deepface.image.ImageInput;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "represent", mixinStandardHelpOptions = true,
    description = "Embeddings of every face in an image: a JSON array of {embedding, facial_area, face_confidence}.")
final class RepresentCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "IMG")
  Path image;

  @Mixin
  FaceOptionsMixin face;

  @Mixin
  EngineOption engine;

  @Override
  public Integer call() {
    List<Representation> faces = engine.engine().represent(ImageInput.of(image), face.toOptions());
    Json.print(spec.commandLine().getOut(), faces.stream().map(ResultJson::representation).toList());
    spec.commandLine().getErr().println(faces.size() + (faces.size() == 1 ? " face" : " faces") + ", "
        + (faces.isEmpty() ? 0 : faces.get(0).embedding().length) + "-d embeddings (" + face.toOptions().model() + ")");
    return 0;
  }
}
