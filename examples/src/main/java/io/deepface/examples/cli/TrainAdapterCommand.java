package io.deepface.examples.cli;

import io.deepface.FaceOptions;
import io.deepface.adapt.AdaptedEmbedder;
import io.deepface.adapt.TrainingOptions;
import io.deepface.adapt.TripletTrainer;
import io.deepface.examples.json.Json;
import io.deepface.map.EmbeddingMap;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train-adapter", mixinStandardHelpOptions = true, description = {
    "Fit the embedding to your own faces: train a linear map on top of the --model with FaceNet's triplet loss",
    "on photos grouped by person (a subfolder per person, or NAME_N.jpg files), and save it. Use it as the",
    "model <model>+adapter:<file> everywhere (verify, find, calibrate...). Measure before adopting it:",
    "calibrate both on people it was not trained on. Prints the training history as JSON."})
final class TrainAdapterCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--identities", required = true, paramLabel = "DIR", description = "photos grouped by person")
  Path identities;

  @Option(names = "--out", required = true, paramLabel = "FILE.adapter", description = "where to save the adapter")
  Path out;

  @Option(names = "--epochs", defaultValue = "40", description = "most epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--threads", description = "photos embedded at once (default: number of cores)")
  Integer threads;

  @Mixin
  FaceOptionsMixin face;

  @Mixin
  EngineOption engineOption;

  @Override
  public Integer call() {
    if (!Files.isDirectory(identities)) {
      throw new BadInputException("--identities " + identities + ": no such folder");
    }
    FaceOptions options = face.toOptions();
    if (AdaptedEmbedder.parse(options.model()).isPresent()) {
      throw new IllegalArgumentException("--model must be a plain embedder, not an adapted one: " + options.model());
    }
    PrintWriter err = spec.commandLine().getErr();
    Map<Path, String> skipped = new TreeMap<>();
    List<EmbeddingMap.Face> faces = EmbeddingMap.faces(engineOption.engine(), identities, options,
        threads != null ? threads : Runtime.getRuntime().availableProcessors(), skipped);
    List<TripletTrainer.Sample> samples = faces.stream()
        .map(f -> new TripletTrainer.Sample(f.identity(), f.embedding())).toList();
    err.printf(Locale.ROOT, "%d faces of %d people embedded with %s (%d photos skipped)%n", samples.size(),
        faces.stream().map(EmbeddingMap.Face::identity).distinct().count(), options.model(), skipped.size());
    List<Map<String, Object>> history = new ArrayList<>();
    TripletTrainer.Result result = TripletTrainer.train(options.model(), samples,
        TrainingOptions.builder().epochs(epochs).seed(seed).build(), e -> {
          err.printf(Locale.ROOT, "epoch %d: train loss %.4f, held-out loss %.4f%n", e.epoch(), e.trainLoss(),
              e.validationLoss());
          err.flush();
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("epoch", e.epoch());
          m.put("train_loss", Double.isNaN(e.trainLoss()) ? null : e.trainLoss());
          m.put("active_share", Double.isNaN(e.activeShare()) ? null : e.activeShare());
          m.put("validation_loss", e.validationLoss());
          history.add(m);
        });
    result.adapter().save(out);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", options.model() + AdaptedEmbedder.SEPARATOR + out);
    json.put("base_model", options.model());
    json.put("adapter", out.toString());
    json.put("best_epoch", result.bestEpoch());
    json.put("train_people", result.trainPeople());
    json.put("validation_people", result.validationPeople());
    json.put("description", result.adapter().description());
    json.put("history", history);
    Json.print(spec.commandLine().getOut(), json);
    return 0;
  }
}
