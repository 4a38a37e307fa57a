package io.deepface.examples.cli;

import io.deepface.examples.json.Json;
import io.deepface.examples.json.ResultJson;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.find.FaceMatch;
import io.deepface.image.ImageInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "search", mixinStandardHelpOptions = true, description = {
    "Search a face database (PostgreSQL, SolrCloud) for the faces of an image, as DeepFace's search.",
    "Prints a JSON array with one array per face of IMG: the registered faces within the threshold, closest first, "
        + "each {img_name, id, hash, distance, threshold, confidence, target_x, target_y, target_w, target_h, "
        + "source_x, source_y, source_w, source_h}. The face options must be those the faces were registered with."})
final class SearchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMG", description = "the query image: a file or a data: URI")
  String image;

  @Option(names = "--top", paramLabel = "K", defaultValue = "10",
      description = "at most K matches per face (default: ${DEFAULT-VALUE})")
  int top;

  @Mixin
  StoreOption store;

  @Mixin
  FaceOptionsMixin face;

  @Mixin
  EngineOption engine;

  @Override
  public Integer call() {
    FaceDatabaseOptions options;
    try {
      options = FaceDatabaseOptions.builder().face(face.toOptions()).topK(top).build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (!image.regionMatches(true, 0, "data:", 0, 5) && !Files.isRegularFile(Path.of(image))) {
      throw new BadInputException("no such image file: " + image);
    }
    engine.engine().calibration(options.face()); // A missing threshold fails before the store is opened.
    List<List<FaceMatch>> result;
    try (FaceDatabase db = store.open(spec.commandLine(), engine.engine(), options)) {
      result = db.search(ImageInput.parse(image));
    }
    Json.print(spec.commandLine().getOut(),
        result.stream().map(f -> f.stream().map(ResultJson::faceMatch).toList()).toList());
    List<String> each = new ArrayList<>();
    for (int i = 0; i < result.size(); i++) {
      List<FaceMatch> m = result.get(i);
      each.add("face " + (i + 1) + ": " + (m.isEmpty() ? "no match" : m.size() + (m.size() == 1 ? " match" : " matches")
          + String.format(Locale.ROOT, ", closest %s (distance %.2f)", m.get(0).name(), m.get(0).distance())));
    }
    spec.commandLine().getErr().println(String.join("; ", each));
    return 0;
  }
}
