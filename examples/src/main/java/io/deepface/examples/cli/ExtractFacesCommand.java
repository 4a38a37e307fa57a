package io.deepface.examples.cli;

import io.deepface.examples.json.Json;
import io.deepface.examples.json.ResultJson;

import io.deepface.ExtractedFace;
import io.deepface.image.ImageInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "extract-faces", mixinStandardHelpOptions = true,
    description = {"Writes each aligned face of an image as PNG into a folder",
    "and prints a JSON array of {file, facial_area, confidence}."})
final class ExtractFacesCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "IMG")
  Path image;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the face images (created if needed)")
  Path out;

  @Option(names = "--size", defaultValue = "112", description = "side of the square face images (default: ${DEFAULT-VALUE})")
  int size;

  @Mixin
  FaceOptionsMixin face;

  @Mixin
  EngineOption engine;

  @Override
  public Integer call() throws IOException {
    List<ExtractedFace> faces = engine.engine().extractFaces(ImageInput.of(image),
        face.toOptions().toBuilder().faceSize(size).build());
    Files.createDirectories(out);
    String stem = image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < faces.size(); i++) {
      Path file = out.resolve(stem + "_face" + (i + 1) + ".png");
      // Write beside the target and rename, so a crash never leaves a half-written image under the real name.
      Path tmp = Files.createTempFile(out, "." + file.getFileName(), ".part");
      try {
        ImageIO.write(faces.get(i).face().toBufferedImage(), "png", tmp.toFile());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("file", file.toString());
      row.put("facial_area", ResultJson.area(faces.get(i).facialArea()));
      row.put("confidence", Math.round(faces.get(i).faceConfidence() * 1e4) / 1e4);
      rows.add(row);
    }
    Json.print(spec.commandLine().getOut(), rows);
    spec.commandLine().getErr().println(faces.size() + (faces.size() == 1 ? " face" : " faces") + " written to " + out);
    return 0;
  }
}
