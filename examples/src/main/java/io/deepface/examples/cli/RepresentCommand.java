package io.deepface.examples.cli;

import io.deepface.examples.json.Json;
import io.deepface.examples.json.ResultJson;

import io.deepface.DeepFace;
import io.deepface.image.ImageInput;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "represent", description = "Embeddings of every face in an image: a JSON array of {embedding, facial_area, face_confidence}.")
final class RepresentCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "IMG")
  Path image;

  @Mixin
  FaceOptionsMixin face;

  @Override
  public Integer call() {
    Json.print(spec.commandLine().getOut(), DeepFace.engine().represent(ImageInput.of(image), face.toOptions())
        .stream().map(ResultJson::representation).toList());
    return 0;
  }
}
