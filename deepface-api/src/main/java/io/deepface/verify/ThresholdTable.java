package io.deepface.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepface.DeepFaceException;
import io.deepface.align.AlignmentMode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Verification thresholds calibrated on LFW folds 1-5 (see the catalog's {@code verification} section):
 * one per embedder, metric, alignment and flip setting, with the logistic slope used for confidence
 * and the cross-validated accuracy measured when it was chosen.
 */
public final class ThresholdTable {
  private static final String RESOURCE = "/io/deepface/model/catalog.json";
  private static volatile ThresholdTable builtin;

  /**
   * One calibrated setting.
   *
   * @param accuracy mean 5-fold cross-validated accuracy on LFW folds 1-5
   * @param accuracyStd its standard deviation over the folds
   */
  public record Entry(String embedder, DistanceMetric metric, AlignmentMode alignment, boolean flip,
      double threshold, double scale, double accuracy, double accuracyStd) {

    /** This setting with another threshold (a caller's override): the slope and the measured accuracy stay. */
    public Entry withThreshold(double newThreshold) {
      return new Entry(embedder, metric, alignment, flip, newThreshold, scale, accuracy, accuracyStd);
    }
  }

  private final List<Entry> entries;

  public ThresholdTable(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** The table shipped in the catalog. */
  public static ThresholdTable builtin() {
    ThresholdTable t = builtin;
    if (t == null) {
      try (InputStream in = ThresholdTable.class.getResourceAsStream(RESOURCE)) {
        t = parse(new ObjectMapper().readTree(in));
      } catch (IOException e) {
        throw new DeepFaceException("cannot read " + RESOURCE + " (a damaged deepface-api jar?)", e);
      }
      builtin = t;
    }
    return t;
  }

  static ThresholdTable parse(JsonNode root) {
    List<Entry> list = new ArrayList<>();
    for (JsonNode n : root.path("verification")) {
      list.add(new Entry(n.get("embedder").asText(), DistanceMetric.parse(n.get("metric").asText()),
          AlignmentMode.valueOf(n.get("alignment").asText().toUpperCase(Locale.ROOT)), n.path("flip").asBoolean(false),
          n.get("threshold").asDouble(), n.get("scale").asDouble(), n.path("accuracy").asDouble(Double.NaN),
          n.path("accuracy_std").asDouble(Double.NaN)));
    }
    return new ThresholdTable(list);
  }

  public List<Entry> entries() {
    return entries;
  }

  public Optional<Entry> find(String embedder, DistanceMetric metric, AlignmentMode alignment, boolean flip) {
    return entries.stream().filter(e -> e.embedder().equals(embedder) && e.metric() == metric
        && e.alignment() == alignment && e.flip() == flip).findFirst();
  }
}
