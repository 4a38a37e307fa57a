package io.deepface.onnx.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.image.ImageInput;
import io.deepface.stream.DatabaseRecognizer;
import io.deepface.stream.Identity;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Stream recognition through a face database: people registered by name, then named from other photos of them. */
class DatabaseRecognizerTest {
  @Test
  void namesRegisteredPeopleAndNoOneElse() {
    FaceEngine engine = TestEngines.shared();
    FaceDatabaseOptions options = FaceDatabaseOptions.defaults();
    try (FaceDatabase db = FaceDatabase.open(engine, "exact", Map.of(), options)) {
      db.register(ImageInput.of(TestData.lfw("Colin_Powell_0040.jpg")), "Colin Powell");
      db.register(ImageInput.of(TestData.lfw("Jennifer_Garner_0001.jpg")), "Jennifer Garner");
      DatabaseRecognizer recognizer = new DatabaseRecognizer(db);
      assertThat(recognizer.faceOptions()).isEqualTo(options.face());
      FaceOptions face = recognizer.faceOptions();
      Optional<Identity> colin = recognizer.identify(engine.represent(ImageInput.of(TestData.lfw("Colin_Powell_0049.jpg")),
          face).get(0).embedding());
      assertThat(colin).get().satisfies(i -> {
        assertThat(i.identity()).isEqualTo("Colin Powell");
        assertThat(i.distance()).isLessThanOrEqualTo(i.threshold());
        assertThat(i.confidence()).isGreaterThan(50);
      });
      Optional<Identity> stranger = recognizer.identify(engine.represent(ImageInput.of(TestData.lfw("Tony_Blair_0018.jpg")),
          face).get(0).embedding());
      assertThat(stranger).isEmpty();
    }
  }
}
