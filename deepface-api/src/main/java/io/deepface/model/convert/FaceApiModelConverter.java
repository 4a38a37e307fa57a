package io.deepface.model.convert;

import io.deepface.model.ModelConverter;
import io.deepface.model.ModelInfo;
import io.deepface.model.convert.faceapi.FaceApiNets;
import io.deepface.model.convert.tfjs.TfjsWeights;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code face-api}: a face-api.js network published as weights only, built into ONNX by {@link FaceApiNets}.
 * Sources: the {@code *-weights_manifest.json} first, then the weight shards it names (matched by file name).
 * Option {@code net} says which network the weights belong to ({@link FaceApiNets#NETS}), since a weights file
 * does not say.
 */
public final class FaceApiModelConverter implements ModelConverter {
  @Override
  public String name() {
    return "face-api";
  }

  @Override
  public String version() {
    return "1";
  }

  /**
   * @throws IllegalArgumentException when option {@code net} is missing or unknown, or the weights do not fit the
   *     network
   */
  @Override
  public byte[] convert(ModelInfo target, List<Path> sources) {
    String net = target.conversion() == null ? null : target.conversion().options().get("net");
    if (net == null || !FaceApiNets.NETS.contains(net)) {
      throw new IllegalArgumentException("model " + target.id() + ": the face-api converter needs option net, one of "
          + FaceApiNets.NETS + (net == null ? "; none given" : "; got " + net));
    }
    TfjsWeights weights = TfjsWeights.read(TfjsGraphModelConverter.readJson(sources.get(0)),
        SourceFiles.byName(sources.subList(1, sources.size())));
    return FaceApiNets.build(net, weights);
  }
}
