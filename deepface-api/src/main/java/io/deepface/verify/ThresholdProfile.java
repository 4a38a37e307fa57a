package io.deepface.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepface.align.AlignmentMode;
import io.deepface.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Verification thresholds calibrated on a deployment's own faces, saved as a small JSON file: the settings they apply
 * to (embedder, detector, alignment, flip), one threshold and confidence slope per metric, and where they came from.
 * {@code FaceOptions.builder().thresholdProfile(path)} loads one, and then {@code verify}, {@code find} and every
 * search use its threshold in place of the shipped LFW one; a profile made with other settings is refused
 * ({@link ThresholdProfileException}), never silently applied. Immutable and thread-safe.
 *
 * <p>File format (version 1):
 * <pre>{@code
 * {"format": "deepface-threshold-profile", "version": 1,
 *  "embedder": "fusion", "detector": "retinaface-yunet", "alignment": "landmarks", "flip": false,
 *  "source": "pairs.tsv: 300 same, 300 different pairs",
 *  "thresholds": [{"metric": "cosine", "threshold": 0.62, "scale": 14.1, "operating_point": "best accuracy",
 *                  "accuracy": 0.99, "accuracy_std": 0.004}, ...]}
 * }</pre>
 *
 * @param embedder the embedder (model) name the embeddings were made with
 * @param detector the detector name
 * @param alignment the alignment
 * @param flip whether flip augmentation was on
 * @param entries one per metric
 * @param source a free description of the data it was calibrated on
 */
public record ThresholdProfile(String embedder, String detector, AlignmentMode alignment, boolean flip,
    List<Entry> entries, String source) {
  /** The value of the file's {@code format} key. */
  public static final String FORMAT = "deepface-threshold-profile";
  private static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The threshold of one metric.
   *
   * @param metric the distance metric
   * @param threshold {@code distance <= threshold} means the same person
   * @param scale slope of the logistic confidence curve (confidence is 50 at the threshold)
   * @param operatingPoint how the threshold was chosen, for example {@code best accuracy} or {@code FAR 1e-3}
   * @param accuracy cross-validated accuracy at the chosen threshold (NaN when unknown)
   * @param accuracyStd its spread over the folds (NaN when unknown)
   */
  public record Entry(DistanceMetric metric, double threshold, double scale, String operatingPoint, double accuracy,
      double accuracyStd) {
    public Entry {
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(operatingPoint, "operatingPoint");
      if (!(threshold >= 0) || Double.isInfinite(threshold)) {
        throw new IllegalArgumentException("threshold must be finite and >= 0, got " + threshold);
      }
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException("scale must be finite and > 0, got " + scale);
      }
    }

    /** This entry with another threshold (the slope stays). */
    public Entry withThreshold(double newThreshold, String newOperatingPoint) {
      return new Entry(metric, newThreshold, scale, newOperatingPoint, Double.NaN, Double.NaN);
    }
  }

  public ThresholdProfile {
    Objects.requireNonNull(embedder, "embedder");
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(alignment, "alignment");
    entries = List.copyOf(entries);
    source = source == null ? "" : source;
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a threshold profile needs at least one metric");
    }
    if (entries.stream().map(Entry::metric).distinct().count() != entries.size()) {
      throw new IllegalArgumentException("a metric appears twice in the profile");
    }
  }

  /** The entry for {@code metric}, if the profile has one. */
  public Optional<Entry> entry(DistanceMetric metric) {
    return entries.stream().filter(e -> e.metric() == metric).findFirst();
  }

  /** Whether the profile was made with these settings. */
  public boolean appliesTo(String embedder, String detector, AlignmentMode alignment, boolean flip) {
    return this.embedder.equals(embedder) && this.detector.equals(detector) && this.alignment == alignment
        && this.flip == flip;
  }

  /** The settings it applies to, for messages: {@code fusion / retinaface / LANDMARKS / no flip}. */
  public String settings() {
    return settings(embedder, detector, alignment, flip);
  }

  /** Settings in the same words as {@link #settings()}. */
  public static String settings(String embedder, String detector, AlignmentMode alignment, boolean flip) {
    return "model " + embedder + ", detector " + detector + ", alignment " + alignment.name().toLowerCase(Locale.ROOT)
        + ", " + (flip ? "flip" : "no flip");
  }

  /** This profile with one entry replaced (or added). */
  public ThresholdProfile with(Entry entry) {
    List<Entry> list = new ArrayList<>(entries.stream().filter(e -> e.metric() != entry.metric()).toList());
    list.add(entry);
    return new ThresholdProfile(embedder, detector, alignment, flip, list, source);
  }

  /** The profile as JSON text. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("embedder", embedder);
    root.put("detector", detector);
    root.put("alignment", alignment.name().toLowerCase(Locale.ROOT));
    root.put("flip", flip);
    root.put("source", source);
    ArrayNode list = root.putArray("thresholds");
    for (Entry e : entries) {
      ObjectNode n = list.addObject();
      n.put("metric", e.metric().deepFaceName());
      n.put("threshold", e.threshold());
      n.put("scale", e.scale());
      n.put("operating_point", e.operatingPoint());
      if (!Double.isNaN(e.accuracy())) {
        n.put("accuracy", e.accuracy());
      }
      if (!Double.isNaN(e.accuracyStd())) {
        n.put("accuracy_std", e.accuracyStd());
      }
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes the profile to {@code file}: to a temporary file beside it first, then moved into place, so a reader
   * never sees half a profile.
   *
   * @throws ThresholdProfileException when it cannot be written (nothing is left behind)
   */
  public void save(Path file) {
    try {
      AtomicFiles.write(file, tmp -> Files.writeString(tmp, toJson()));
    } catch (IOException e) {
      throw new ThresholdProfileException("cannot write threshold profile " + file + ": " + e, e);
    }
  }

  /**
   * Reads a profile written by {@link #save}.
   *
   * @throws ThresholdProfileException when the file is missing, unreadable, not JSON, not a profile, of a newer
   *     version, or holds an invalid value; the message names the file and the problem
   */
  public static ThresholdProfile load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ThresholdProfileException("threshold profile " + file + " does not exist", e);
    } catch (IOException e) {
      throw new ThresholdProfileException("cannot read threshold profile " + file + ": " + e, e);
    }
    try {
      return parse(JSON.readTree(text));
    } catch (JsonProcessingException e) {
      throw new ThresholdProfileException("threshold profile " + file + " is not valid JSON: "
          + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ThresholdProfileException("threshold profile " + file + " is not a valid profile: " + e.getMessage(), e);
    }
  }

  static ThresholdProfile parse(JsonNode root) {
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException("\"format\" must be \"" + FORMAT + "\"");
    }
    int version = root.path("version").asInt(-1);
    if (version != VERSION) {
      throw new IllegalArgumentException("version " + version + " is not supported (this library reads version "
          + VERSION + ")");
    }
    List<Entry> entries = new ArrayList<>();
    for (JsonNode n : root.path("thresholds")) {
      entries.add(new Entry(DistanceMetric.parse(text(n, "metric")), number(n, "threshold"), number(n, "scale"),
          n.path("operating_point").asText("unknown"), n.path("accuracy").asDouble(Double.NaN),
          n.path("accuracy_std").asDouble(Double.NaN)));
    }
    return new ThresholdProfile(text(root, "embedder"), text(root, "detector"),
        AlignmentMode.valueOf(text(root, "alignment").toUpperCase(Locale.ROOT)), root.path("flip").asBoolean(false),
        entries, root.path("source").asText(""));
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("\"" + key + "\" is missing or not a string");
    }
    return v.asText();
  }

  private static double number(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException("\"" + key + "\" is missing or not a number");
    }
    return v.asDouble();
  }
}
