package io.deepface;

import io.deepface.analysis.AttributeNotAvailableException;
import io.deepface.analysis.FaceAttribute;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code analyze} computes: the actions (DeepFace's {@code actions}) and the attribute model that
 * computes each. Only the models of the actions asked for are loaded and run. Immutable.
 *
 * @param actions the attributes to report, at least one
 * @param models attribute model (component) name per action; an action without an entry cannot run
 */
public record AnalyzeOptions(Set<FaceAttribute> actions, Map<FaceAttribute, String> models) {

  /** The one table from action to the attribute model that computes it by default. */
  public static final Map<FaceAttribute, String> DEFAULT_MODELS = Collections.unmodifiableMap(new EnumMap<>(Map.of(
      FaceAttribute.AGE, "faceres-faceapi",
      FaceAttribute.GENDER, "faceres-faceapi",
      FaceAttribute.EMOTION, "faceapi-expression",
      FaceAttribute.RACE, "gear",
      FaceAttribute.POSE, "faceplugin-pose",
      FaceAttribute.LANDMARKS, "faceplugin-landmarks",
      FaceAttribute.EYES, "faceplugin-eyes",
      FaceAttribute.SPOOF, "minifasnet")));

  /**
   * The default actions: age, gender and emotion. DeepFace's fourth, race, is computed when asked for (its model
   * is the slowest of the four), for example with {@code AnalyzeOptions.of(AGE, GENDER, EMOTION, RACE)}.
   */
  public static final Set<FaceAttribute> DEFAULT_ACTIONS =
      Collections.unmodifiableSet(EnumSet.of(FaceAttribute.AGE, FaceAttribute.GENDER, FaceAttribute.EMOTION));

  private static final AnalyzeOptions DEFAULTS = new AnalyzeOptions(DEFAULT_ACTIONS, DEFAULT_MODELS);

  public AnalyzeOptions {
    Objects.requireNonNull(actions, "actions");
    Objects.requireNonNull(models, "models");
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("name at least one action, e.g. " + DEFAULT_ACTIONS);
    }
    actions = Collections.unmodifiableSet(EnumSet.copyOf(actions));
    models = Collections.unmodifiableMap(models.isEmpty() ? new EnumMap<>(FaceAttribute.class) : new EnumMap<>(models));
  }

  /** Age, gender and emotion with their default models. */
  public static AnalyzeOptions defaults() {
    return DEFAULTS;
  }

  /** The given actions with the default models. */
  public static AnalyzeOptions of(FaceAttribute... actions) {
    return of(java.util.Arrays.asList(actions));
  }

  /** The given actions with the default models. */
  public static AnalyzeOptions of(Collection<FaceAttribute> actions) {
    return new AnalyzeOptions(actions.isEmpty() ? Set.of() : EnumSet.copyOf(actions), DEFAULT_MODELS);
  }

  /** The same actions with {@code model} (an attribute model's component name) computing {@code action}. */
  public AnalyzeOptions withModel(FaceAttribute action, String model) {
    Map<FaceAttribute, String> m = new EnumMap<>(FaceAttribute.class);
    m.putAll(models);
    m.put(Objects.requireNonNull(action, "action"), Objects.requireNonNull(model, "model"));
    return new AnalyzeOptions(actions, m);
  }

  /**
   * The attribute model that computes {@code action}.
   *
   * @throws AttributeNotAvailableException when none is configured, saying how to name one
   */
  public String modelFor(FaceAttribute action) {
    String model = models.get(action);
    if (model == null) {
      throw new AttributeNotAvailableException(action, "No attribute model is configured for the " + actionName(action)
          + " action; name one with AnalyzeOptions.withModel.");
    }
    return model;
  }

  /** The action's DeepFace-style name: {@code age}, {@code gender}, {@code emotion}, {@code race}, {@code pose}... */
  public static String actionName(FaceAttribute action) {
    return action.name().toLowerCase(Locale.ROOT);
  }

  /** An action from its name ({@link #actionName}, any case); {@code antispoof} is accepted for {@code spoof}. */
  public static FaceAttribute parseAction(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    if (n.equals("antispoof") || n.equals("anti_spoofing") || n.equals("anti-spoofing")) {
      return FaceAttribute.SPOOF;
    }
    for (FaceAttribute a : FaceAttribute.values()) {
      if (actionName(a).equals(n)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown action '" + name + "'; known: "
        + EnumSet.allOf(FaceAttribute.class).stream().map(AnalyzeOptions::actionName).toList());
  }

  /** Actions from a comma-separated list such as {@code age,gender,emotion}. */
  public static Set<FaceAttribute> parseActions(String csv) {
    Set<FaceAttribute> out = new LinkedHashSet<>();
    for (String part : csv.split(",")) {
      if (!part.isBlank()) {
        out.add(parseAction(part));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no actions in '" + csv + "'");
    }
    return out;
  }
}
