package io.deepface.spark;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.Representation;
import io.deepface.RepresentedImage;
import io.deepface.find.FaceDatabase;
import io.deepface.image.ImageInput;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * DeepFace's {@code represent} over an image archive: one row per face with its facial area, detector confidence and
 * embedding ({@value #EMBEDDING}, {@code array<float>}, as the library gives it), and the options key
 * ({@link FaceDatabase#key}) that says which settings made it. The output is the embedding table
 * {@link EmbeddingSearch} searches and {@link StoreLoader} loads into a face database.
 *
 * <pre>{@code
 * JobSummary s = RepresentJob.create(spark, SparkFaceOptions.defaults()).run("s3a://photos/", "s3a://faces/embeddings");
 * }</pre>
 *
 * <p>Immutable and thread-safe; see {@link ImageJob} for what every run does.
 */
public final class RepresentJob extends ImageJob {
  /** The embedding column. */
  public static final String EMBEDDING = "embedding";

  private RepresentJob(SparkSession spark, SparkFaceOptions options, String pathGlobFilter) {
    super(spark, options, pathGlobFilter);
  }

  /** A job on {@code spark} with {@code options}, over every file under the input. */
  public static RepresentJob create(SparkSession spark, SparkFaceOptions options) {
    return new RepresentJob(spark, options, null);
  }

  @Override
  public RepresentJob filesMatching(String glob) {
    return new RepresentJob(spark, options, glob);
  }

  @Override
  String name() {
    return "represent";
  }

  @Override
  List<StructField> valueColumns() {
    return List.of(DataTypes.createStructField(EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), true));
  }

  /** The library's key of the settings that make the embeddings (loads the embedder to learn its dimension). */
  @Override
  String optionsKey(FaceEngine engine) {
    FaceOptions face = options.faceOptions();
    return FaceDatabase.key(engine, face, engine.dimension(face));
  }

  @Override
  ImageProcessor processor() {
    return RepresentJob::represent;
  }

  private static List<Outcome> represent(FaceEngine engine, FaceOptions face, List<ImageInput> images) {
    List<Outcome> out = new ArrayList<>(images.size());
    for (RepresentedImage r : engine.represent(images, face)) {
      if (r.failed()) {
        out.add(Outcome.failed(r.error()));
        continue;
      }
      List<FaceValues> faces = new ArrayList<>(r.faces().size());
      for (Representation f : r.faces()) {
        faces.add(new FaceValues(f.facialArea(), f.faceConfidence(), new Object[] {f.embedding()}));
      }
      out.add(new Outcome(faces, null));
    }
    return out;
  }
}
