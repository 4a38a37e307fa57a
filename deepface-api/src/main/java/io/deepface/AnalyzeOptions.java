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
 * computes each. Only the models of the actions asked for are loaded and run. Immutable; made with
 * {@link #of}, {@link #defaults()}, {@link #withModel} or {@link #builder()} (construction goes through these
 * only, so a new option never breaks a caller).
 */
public final class AnalyzeOptions {

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

  private final Set<FaceAttribute> actions;
  private final Map<FaceAttribute, String> models;

  private AnalyzeOptions(Set<FaceAttribute> actions, Map<FaceAttribute, String> models) {
    Objects.requireNonNull(actions, "actions");
    Objects.requireNonNull(models, "models");
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("name at least one action, e.g. " + DEFAULT_ACTIONS);
    }
    this.actions = Collections.unmodifiableSet(EnumSet.copyOf(actions));
    this.models = Collections.unmodifiableMap(models.isEmpty() ? new EnumMap<>(FaceAttribute.class) : new EnumMap<>(models));
  }

  /** The attributes to report, at least one. */
  public Set<FaceAttribute> actions() {
    return actions;
  }

  /** Attribute model (component) name per action; an action without an entry cannot run. */
  public Map<FaceAttribute, String> models() {
    return models;
  }

  /** A builder starting from the default actions and models. */
  public static Builder builder() {
    return new Builder(DEFAULT_ACTIONS, DEFAULT_MODELS);
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return new Builder(actions, models);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnalyzeOptions a && actions.equals(a.actions) && models.equals(a.models);
  }

  @Override
  public int hashCode() {
    return Objects.hash(actions, models);
  }

  @Override
  public String toString() {
    return "AnalyzeOptions[actions=" + actions + ", models=" + models + "]";
  }

  /** Builder of {@link AnalyzeOptions}; every setter returns the builder. */
  public static final class Builder {
    private final Set<FaceAttribute> actions = EnumSet.noneOf(FaceAttribute.class);
    private final Map<FaceAttribute, String> models = new EnumMap<>(FaceAttribute.class);

    private Builder(Set<FaceAttribute> actions, Map<FaceAttribute, String> models) {
      this.actions.addAll(actions);
      this.models.putAll(models);
    }

    /** The actions to run (replacing those set so far). */
    public Builder actions(Collection<FaceAttribute> actions) {
      this.actions.clear();
      this.actions.addAll(actions);
      return this;
    }

    /** The actions to run (replacing those set so far). */
    public Builder actions(FaceAttribute... actions) {
      return actions(java.util.Arrays.asList(actions));
    }

    /** The attribute model of each action (replacing every one set so far); an action left out has none. */
    public Builder models(Map<FaceAttribute, String> models) {
      this.models.clear();
      models.forEach(this::model);
      return this;
    }

    /** {@code model} (an attribute model's component name) computes {@code action}. */
    public Builder model(FaceAttribute action, String model) {
      models.put(Objects.requireNonNull(action, "action"), Objects.requireNonNull(model, "model"));
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException when no action is set
     */
    public AnalyzeOptions build() {
      return new AnalyzeOptions(actions, models);
    }
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
