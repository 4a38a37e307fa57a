package io.deepface.spark;

import io.deepface.ExtractedFace;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.image.ImageInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * DeepFace's {@code extract_faces} over an image archive: one row per face with its facial area, detector confidence
 * and the aligned face crop ({@code faceSize} pixels square) as PNG bytes in {@value #FACE_PNG}.
 *
 * <p>Immutable and thread-safe; see {@link ImageJob} for what every run does.
 */
public final class ExtractFacesJob extends ImageJob {
  /** The aligned face, PNG-encoded. */
  public static final String FACE_PNG = "face_png";

  private ExtractFacesJob(SparkSession spark, SparkFaceOptions options, String pathGlobFilter) {
    super(spark, options, pathGlobFilter);
  }

  /** A job on {@code spark} with {@code options}, over every file under the input. */
  public static ExtractFacesJob create(SparkSession spark, SparkFaceOptions options) {
    return new ExtractFacesJob(spark, options, null);
  }

  @Override
  public ExtractFacesJob filesMatching(String glob) {
    return new ExtractFacesJob(spark, options, glob);
  }

  @Override
  String name() {
    return "extract_faces";
  }

  @Override
  List<StructField> valueColumns() {
    return List.of(DataTypes.createStructField(FACE_PNG, DataTypes.BinaryType, true));
  }

  @Override
  String optionsKey(FaceEngine engine) {
    return "extract_faces;" + detectionKey(engine);
  }

  @Override
  ImageProcessor processor() {
    return ExtractFacesJob::extract;
  }

  private static List<Outcome> extract(FaceEngine engine, FaceOptions face, List<ImageInput> images) {
    List<Outcome> out = new ArrayList<>(images.size());
    for (ImageInput image : images) {
      try {
        List<FaceValues> faces = new ArrayList<>();
        for (ExtractedFace f : engine.extractFaces(image, face)) {
          faces.add(new FaceValues(f.facialArea(), f.faceConfidence(), new Object[] {png(f)}));
        }
        out.add(new Outcome(faces, null));
      } catch (RuntimeException e) {
        out.add(Outcome.failed(e));
      }
    }
    return out;
  }

  private static byte[] png(ExtractedFace f) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(f.face().toBufferedImage(), "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
