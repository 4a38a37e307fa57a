package io.deepface.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.VerifyResult;
import io.deepface.adapt.AdapterException;
import io.deepface.adapt.EmbeddingAdapter;
import io.deepface.adapt.TrainingOptions;
import io.deepface.adapt.TripletTrainer;
import io.deepface.image.ImageInput;
import io.deepface.testing.TestData;
import io.deepface.testing.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triplet training on real embeddings (mobilefacenet-128 of twelve lfw-dev people, four photos each), and the trained
 * adapter used as the embedder {@code mobilefacenet-128+adapter:<file>}. Whether adapters help is measured by
 * {@code AdapterEvaluation} in the benchmarks, not here.
 */
class EmbeddingAdapterTrainingTest {
  private static final List<String> PEOPLE = List.of("Tony_Blair", "Silvio_Berlusconi", "Wen_Jiabao", "Jiang_Zemin",
      "David_Beckham", "Tiger_Woods", "Pete_Sampras", "Hugo_Chavez", "Jennifer_Garner", "Megawati_Sukarnoputri",
      "Fidel_Castro", "Andre_Agassi");
  private static final String BASE = "mobilefacenet-128";
  private static final List<TripletTrainer.Sample> SAMPLES = new ArrayList<>();
  private static final List<Path> PHOTOS = new ArrayList<>();

  @TempDir
  static Path dir;

  @BeforeAll
  static void embed() throws Exception {
    FaceEngine engine = TestEngines.shared();
    FaceOptions options = FaceOptions.builder().model(BASE).maxFaces(1).build();
    for (String person : PEOPLE) {
      try (Stream<Path> files = Files.list(TestData.datasetsDir().resolve("lfw-dev/images").resolve(person))) {
        for (Path photo : files.sorted().limit(4).toList()) {
          PHOTOS.add(photo);
          SAMPLES.add(new TripletTrainer.Sample(person, engine.represent(ImageInput.of(photo), options).get(0)
              .embedding()));
        }
      }
    }
  }

  private static TrainingOptions options() {
    return TrainingOptions.builder().epochs(6).peoplePerBatch(4).validationShare(0.25).seed(7).build();
  }

  @Test
  void trainingIsDeterministicForASeedAndKeepsItsBestEpoch() {
    List<TripletTrainer.Epoch> seen = new ArrayList<>();
    TripletTrainer.Result a = TripletTrainer.train(BASE, SAMPLES, options(), seen::add);
    TripletTrainer.Result b = TripletTrainer.train(BASE, SAMPLES, options(), e -> { });
    assertThat(a.adapter().weights()).containsExactly(b.adapter().weights());
    assertThat(a.history()).isEqualTo(b.history()).isEqualTo(seen);
    assertThat(a.trainPeople()).isEqualTo(9);
    assertThat(a.validationPeople()).isEqualTo(3);
    assertThat(a.history().get(0).epoch()).isZero();
    double best = a.history().get(a.bestEpoch()).validationLoss();
    assertThat(a.history()).allSatisfy(e -> assertThat(e.validationLoss()).isGreaterThanOrEqualTo(best));
    assertThat(a.adapter().baseEmbedder()).isEqualTo(BASE);
    assertThat(a.adapter().description()).contains("9 people (36 photos)").contains("seed 7");
    TripletTrainer.Result other = TripletTrainer.train(BASE, SAMPLES, TrainingOptions.builder().epochs(6)
        .peoplePerBatch(4).validationShare(0.25).seed(8).build(), e -> { });
    assertThat(other.validationPeople()).isEqualTo(3);
  }

  @Test
  void anAdapterIsAnEmbedderEveryApiTakes() {
    TripletTrainer.Result trained = TripletTrainer.train(BASE, SAMPLES, options(), e -> { });
    Path file = dir.resolve("staff.adapter");
    trained.adapter().save(file);
    FaceEngine engine = TestEngines.shared();
    String model = BASE + "+adapter:" + file;
    FaceOptions adapted = FaceOptions.builder().model(model).maxFaces(1).build();
    Representation r = engine.represent(ImageInput.of(PHOTOS.get(0)), adapted).get(0);
    float[] expected = EmbeddingAdapter.load(file).apply(SAMPLES.get(0).embedding());
    assertThat(r.embedding()).hasSize(128);
    for (int i = 0; i < 128; i++) {
      assertThat(r.embedding()[i]).isCloseTo(expected[i], within(1e-5f));
    }
    assertThat(engine.embedder(model).info().backend()).contains("+adapter@");
    assertThat(engine.provenance(adapted)).contains("+adapter@");
    VerifyResult same = engine.verify(ImageInput.of(PHOTOS.get(0)), ImageInput.of(PHOTOS.get(1)),
        adapted.toBuilder().threshold(0.5).build());
    VerifyResult different = engine.verify(ImageInput.of(PHOTOS.get(0)), ImageInput.of(PHOTOS.get(4)),
        adapted.toBuilder().threshold(0.5).build());
    assertThat(same.distance()).isLessThan(different.distance());
    assertThat(same.model()).isEqualTo(model);
  }

  @Test
  void anAdapterForAnotherEmbedderOrTooLittleDataIsRefused() {
    Path file = dir.resolve("other.adapter");
    TripletTrainer.train(BASE, SAMPLES, options(), e -> { }).adapter().save(file);
    FaceEngine engine = TestEngines.shared();
    assertThatThrownBy(() -> engine.embedder("faceplugin-512+adapter:" + file)).isInstanceOf(AdapterException.class)
        .hasMessageContaining("trained on mobilefacenet-128 embeddings, not faceplugin-512");
    assertThatThrownBy(() -> engine.embedder(BASE + "+adapter:" + dir.resolve("missing.adapter")))
        .isInstanceOf(AdapterException.class).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> TripletTrainer.train(BASE, SAMPLES.subList(0, 8), options(), e -> { }))
        .isInstanceOf(AdapterException.class).hasMessageContaining("at least four people");
  }
}
