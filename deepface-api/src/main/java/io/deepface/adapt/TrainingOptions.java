package io.deepface.adapt;

/**
 * How {@link TripletTrainer} trains: epochs, learning rate (Adam), triplet margin, batch shape (people per batch,
 * photos per person), weight decay towards the identity map, the share of people held out for early stopping, the
 * patience, and the seed. Immutable; build with {@link #builder()}.
 */
public final class TrainingOptions {
  private final int epochs;
  private final double learningRate;
  private final double margin;
  private final int peoplePerBatch;
  private final int photosPerPerson;
  private final double weightDecay;
  private final double validationShare;
  private final int patience;
  private final long seed;

  private TrainingOptions(Builder b) {
    this.epochs = b.epochs;
    this.learningRate = b.learningRate;
    this.margin = b.margin;
    this.peoplePerBatch = b.peoplePerBatch;
    this.photosPerPerson = b.photosPerPerson;
    this.weightDecay = b.weightDecay;
    this.validationShare = b.validationShare;
    this.patience = b.patience;
    this.seed = b.seed;
    if (epochs < 1 || patience < 1) {
      throw new IllegalArgumentException("epochs and patience must be at least 1");
    }
    if (!(learningRate > 0) || !(margin > 0) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException("learningRate and margin must be > 0, weightDecay >= 0");
    }
    if (peoplePerBatch < 2 || photosPerPerson < 2) {
      throw new IllegalArgumentException("a batch needs at least 2 people with at least 2 photos each");
    }
    if (!(validationShare > 0 && validationShare < 1)) {
      throw new IllegalArgumentException("validationShare must be in (0, 1), got " + validationShare);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Most passes over the training people (default 40). */
  public int epochs() {
    return epochs;
  }

  /** Adam's step size (default 1e-3). */
  public double learningRate() {
    return learningRate;
  }

  /** FaceNet's margin between squared distances on the unit sphere (default 0.2). */
  public double margin() {
    return margin;
  }

  /** People per batch (default 16). */
  public int peoplePerBatch() {
    return peoplePerBatch;
  }

  /** Photos per person in a batch, at most (default 4). */
  public int photosPerPerson() {
    return photosPerPerson;
  }

  /** Pull towards the identity map, per step (default 1e-3): keeps what the base embedder knows. */
  public double weightDecay() {
    return weightDecay;
  }

  /** Share of the people held out to decide when to stop (default 0.2). */
  public double validationShare() {
    return validationShare;
  }

  /** Epochs without a better validation loss before stopping (default 5). */
  public int patience() {
    return patience;
  }

  /** Seed of every random choice: the same data and seed give the same adapter (default 42). */
  public long seed() {
    return seed;
  }

  /** Builder of {@link TrainingOptions}. */
  public static final class Builder {
    private int epochs = 40;
    private double learningRate = 1e-3;
    private double margin = 0.2;
    private int peoplePerBatch = 16;
    private int photosPerPerson = 4;
    private double weightDecay = 1e-3;
    private double validationShare = 0.2;
    private int patience = 5;
    private long seed = 42;

    private Builder() {}

    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder margin(double margin) {
      this.margin = margin;
      return this;
    }

    public Builder peoplePerBatch(int peoplePerBatch) {
      this.peoplePerBatch = peoplePerBatch;
      return this;
    }

    public Builder photosPerPerson(int photosPerPerson) {
      this.photosPerPerson = photosPerPerson;
      return this;
    }

    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder validationShare(double validationShare) {
      this.validationShare = validationShare;
      return this;
    }

    public Builder patience(int patience) {
      this.patience = patience;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** @throws IllegalArgumentException for a value out of range */
    public TrainingOptions build() {
      return new TrainingOptions(this);
    }
  }
}
