package io.deepface.examples.cli;

import io.deepface.examples.json.Json;
import io.deepface.examples.json.ResultJson;
import io.deepface.find.BatchRegistration;
import io.deepface.find.Enrolment;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.image.ImageInput;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "register", mixinStandardHelpOptions = true, description = {
    "Register the faces of images in a face database (PostgreSQL, SolrCloud) under a name, as DeepFace's register.",
    "Prints a JSON object: registered (per image: img_name, image, hash, faces with id and facial_area, unchanged), "
        + "failed (image, reason), store_failure, count. Registering an image again duplicates nothing. Exit code 3 "
        + "when some image could not be registered, 1 when the store failed."})
final class RegisterCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "IMG", description = "image files to register")
  List<Path> images;

  @Option(names = "--name", description = "the identity to register every face under (default: each file's name, "
      + "as DeepFace's img_name)")
  String name;

  @Option(names = "--faces", paramLabel = "all|largest", defaultValue = "all",
      description = "register every face of an image (all, default) or only the largest")
  String faces;

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
      options = FaceDatabaseOptions.builder().face(face.toOptions())
          .faces(FaceDatabaseOptions.Faces.valueOf(faces.strip().toUpperCase(Locale.ROOT))).build();
      if (name != null && name.isBlank()) {
        throw new IllegalArgumentException("--name must not be blank");
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    List<Enrolment> batch = new ArrayList<>();
    for (Path img : images) {
      if (!Files.isRegularFile(img)) {
        throw new BadInputException("no such image file: " + img);
      }
      batch.add(new Enrolment(ImageInput.of(img), name != null ? name : img.getFileName().toString()));
    }
    PrintWriter err = spec.commandLine().getErr();
    BatchRegistration report;
    int count;
    try (FaceDatabase db = store.open(spec.commandLine(), engine.engine(), options)) {
      report = db.registerAll(batch, (done, total, failed) -> {
        if (total > 1) {
          err.printf(Locale.ROOT, "\rregistering %d/%d images, %d failed", done, total, failed);
          if (done == total) {
            err.println();
          }
          err.flush();
        }
      });
      count = report.storeFailure() == null ? db.count() : -1;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("registered", report.registered().stream().map(ResultJson::registration).toList());
    out.put("failed", report.failed().stream().map(f -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("image", f.image());
      m.put("reason", f.reason());
      return m;
    }).toList());
    out.put("store_failure", report.storeFailure());
    out.put("count", count < 0 ? null : count);
    Json.print(spec.commandLine().getOut(), out);
    err.println(report.registered().size() + " of " + batch.size() + " images registered (" + report.faces()
        + " faces)" + (count >= 0 ? "; the store holds " + count + " faces" : "")
        + (report.failed().isEmpty() ? "" : "; " + report.failed().size() + " not registered"));
    if (report.storeFailure() != null) {
      err.println("error: " + report.storeFailure());
      return 1;
    }
    return report.failed().isEmpty() ? 0 : DeepFaceCli.EXIT_BAD_INPUT;
  }
}
