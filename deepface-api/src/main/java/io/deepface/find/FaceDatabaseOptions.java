package io.deepface.find;

import io.deepface.FaceOptions;
import java.util.Objects;

/**
 * Options of a {@link FaceDatabase}: the face options its embeddings are made with (the model, detector,
 * alignment, flip, expansion, minimum confidence, face limit, enforceDetection, anti-spoofing and metric are stored
 * with the embeddings and must match on every later open; the threshold only affects searching), which faces of an
 * image {@code register} keeps, how many matches a search returns, and how many images a batch embeds at once.
 * Immutable; build with {@link #builder()}.
 */
public final class FaceDatabaseOptions {
  /** Which faces of a registered image are stored. */
  public enum Faces {
    /** Every face the detector finds (DeepFace's behaviour). */
    ALL,
    /** Only the largest face (by box area): one face per image, for enrolment photos of one person. */
    LARGEST
  }

  public static final int DEFAULT_TOP_K = 10;
  private static final FaceDatabaseOptions DEFAULTS = new Builder().build();

  private final FaceOptions face;
  private final Faces faces;
  private final int topK;
  private final int batchSize;

  private FaceDatabaseOptions(Builder b) {
    this.face = Objects.requireNonNull(b.face, "face");
    this.faces = Objects.requireNonNull(b.faces, "faces");
    this.topK = b.topK;
    this.batchSize = b.batchSize;
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be positive, got " + topK);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
  }

  public static FaceDatabaseOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The face options of registration and search. */
  public FaceOptions face() {
    return face;
  }

  /** Which faces of an image {@code register} stores ({@link Faces#ALL} by default). */
  public Faces faces() {
    return faces;
  }

  /** How many matches per query face a search returns at most (10 by default). */
  public int topK() {
    return topK;
  }

  /** How many images a batch registration gives the engine at once (8 by default). */
  public int batchSize() {
    return batchSize;
  }

  @Override
  public String toString() {
    return "FaceDatabaseOptions[face=" + face + ", faces=" + faces + ", topK=" + topK + ", batchSize=" + batchSize + "]";
  }

  /** Builder of {@link FaceDatabaseOptions}. */
  public static final class Builder {
    private FaceOptions face = FaceOptions.defaults();
    private Faces faces = Faces.ALL;
    private int topK = DEFAULT_TOP_K;
    private int batchSize = 8;

    private Builder() {}

    private Builder(FaceDatabaseOptions o) {
      face = o.face;
      faces = o.faces;
      topK = o.topK;
      batchSize = o.batchSize;
    }

    public Builder face(FaceOptions face) {
      this.face = face;
      return this;
    }

    public Builder faces(Faces faces) {
      this.faces = faces;
      return this;
    }

    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public FaceDatabaseOptions build() {
      return new FaceDatabaseOptions(this);
    }
  }
}
