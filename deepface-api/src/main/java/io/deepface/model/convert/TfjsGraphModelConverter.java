package io.deepface.model.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepface.model.ModelConverter;
import io.deepface.model.ModelInfo;
import io.deepface.model.convert.tfjs.TfjsGraphConverter;
import io.deepface.model.convert.tfjs.TfjsWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code tfjs-graph}: a TF.js graph model to ONNX. Sources: the {@code model.json} first, then every weight
 * shard its manifest names (matched by file name). See {@link TfjsGraphConverter} for the mapping.
 */
public final class TfjsGraphModelConverter implements ModelConverter {
  @Override
  public String name() {
    return "tfjs-graph";
  }

  @Override
  public String version() {
    return "2"; // 2: a Maximum that cannot change a value (clip_by_value after a Relu) is left out
  }

  @Override
  public byte[] convert(ModelInfo target, List<Path> sources) {
    JsonNode json = readJson(sources.get(0));
    TfjsWeights weights = TfjsWeights.read(json.get("weightsManifest"), SourceFiles.byName(sources.subList(1, sources.size())));
    return TfjsGraphConverter.convert(target.id(), json, weights);
  }

  static JsonNode readJson(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " as JSON: " + e.getMessage(), e);
    }
  }
}
