package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.image.ImageInput;
import io.deepface.testing.TestData.LfwPair;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The shipped defaults (retinaface, the fusion embedder, cosine, 5-point alignment, calibrated threshold) on the
 * 600 pairs of LFW fold 1. The threshold was chosen on folds 1-5 together; the 5-fold cross-validated
 * figure (each fold scored with a threshold from the other four) is in the catalog and the README.
 */
class LfwFoldAccuracyTest {

  @Test
  void defaultSettingsGetAtLeast98PercentOnFold1() {
    FaceEngine engine = TestEngines.shared();
    FaceOptions options = FaceOptions.defaults();
    List<LfwPair> pairs = TestData.lfwPairs().stream().filter(p -> p.fold() == 1).toList();
    assertThat(pairs).hasSize(600);
    Set<Path> images = new LinkedHashSet<>();
    pairs.forEach(p -> {
      images.add(p.first());
      images.add(p.second());
    });
    Map<Path, List<Representation>> reps = new ConcurrentHashMap<>();
    images.parallelStream().forEach(p -> reps.put(p, engine.represent(ImageInput.of(p),
        options.toBuilder().enforceDetection(false).build())));
    double threshold = engine.calibration(options).threshold();
    int right = 0;
    for (LfwPair p : pairs) {
      double d = Double.POSITIVE_INFINITY;
      for (Representation a : reps.get(p.first())) {
        for (Representation b : reps.get(p.second())) {
          d = Math.min(d, options.metric().distance(a.embedding(), b.embedding()));
        }
      }
      if ((d <= threshold) == p.same()) {
        right++;
      }
    }
    double accuracy = right / 600.0;
    System.out.printf(java.util.Locale.ROOT, "LFW fold 1 with the shipped defaults: %d of 600 right (%.1f%%), threshold %f%n",
        right, 100 * accuracy, threshold);
    assertThat(accuracy).isGreaterThanOrEqualTo(0.98);
  }
}
