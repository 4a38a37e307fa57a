package io.deepface.find;

/**
 * A face database's store holds embeddings made with other settings (model, detector, alignment, normalisation,
 * metric, dimension) than the ones asked for; searching them would mix incomparable vectors, so it is refused.
 */
public class StoreMismatchException extends FindException {
  private static final long serialVersionUID = 1L;
  private final String stored;
  private final String asked;

  public StoreMismatchException(String storeDescription, String stored, String asked) {
    super(storeDescription + " holds embeddings made with " + stored + ", but " + asked
        + " was asked for; open it with the settings it was built with, or use another table or collection");
    this.stored = stored;
    this.asked = asked;
  }

  /** The settings key stored with the embeddings. */
  public String stored() {
    return stored;
  }

  /** The settings key that was asked for. */
  public String asked() {
    return asked;
  }
}
