package io.deepface.stream;

import io.deepface.FaceOptions;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceMatch;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Recognition against a face database ({@link FaceDatabase}: in process, PostgreSQL, Solr...): the identity is the
 * registered name of the closest face within the database's threshold. Thread-safe as the database is; the caller
 * owns and closes the database.
 */
public final class DatabaseRecognizer implements Recognizer {
  private final FaceDatabase database;

  public DatabaseRecognizer(FaceDatabase database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  @Override
  public FaceOptions faceOptions() {
    return database.options().face();
  }

  @Override
  public Optional<Identity> identify(float[] embedding) {
    List<FaceMatch> matches = database.search(embedding, 1, OptionalDouble.empty());
    if (matches.isEmpty()) {
      return Optional.empty();
    }
    FaceMatch m = matches.get(0);
    return Optional.of(new Identity(m.name(), m.distance(), m.threshold(), m.confidence()));
  }
}
