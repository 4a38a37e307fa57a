package io.deepface.spark;

import io.deepface.AnalyzeOptions;
import io.deepface.FaceAnalysis;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.analysis.FaceAttribute;
import io.deepface.face.Point;
import io.deepface.image.ImageInput;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * DeepFace's {@code analyze} over an image archive: one row per face with the chosen actions' results in typed
 * columns, named after DeepFace's keys ({@code age}, {@code dominant_gender}, {@code gender}, {@code emotion}...);
 * the columns of actions not asked for are null.
 *
 * <p>Immutable and thread-safe; see {@link ImageJob} for what every run does.
 */
public final class AnalyzeJob extends ImageJob {
  private static final DataType SCORES = DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false);
  private static final StructType POSE = new StructType().add("yaw", DataTypes.DoubleType, false)
      .add("pitch", DataTypes.DoubleType, false).add("roll", DataTypes.DoubleType, false);
  private static final StructType EYES = new StructType().add("right_eye_open", DataTypes.DoubleType, false)
      .add("left_eye_open", DataTypes.DoubleType, false);
  private static final StructType SPOOF = new StructType().add("is_real", DataTypes.BooleanType, false)
      .add("antispoof_score", DataTypes.DoubleType, false).add("real_probability", DataTypes.DoubleType, false);
  private static final List<StructField> COLUMNS = List.of(
      DataTypes.createStructField("age", DataTypes.DoubleType, true),
      DataTypes.createStructField("dominant_gender", DataTypes.StringType, true),
      DataTypes.createStructField("gender", SCORES, true),
      DataTypes.createStructField("dominant_emotion", DataTypes.StringType, true),
      DataTypes.createStructField("emotion", SCORES, true),
      DataTypes.createStructField("dominant_race", DataTypes.StringType, true),
      DataTypes.createStructField("race", SCORES, true),
      DataTypes.createStructField("pose", POSE, true),
      DataTypes.createStructField("landmarks", DataTypes.createArrayType(FaceRows.POINT, false), true),
      DataTypes.createStructField("eyes", EYES, true),
      DataTypes.createStructField("antispoof", SPOOF, true));

  /** The actions and their models, by action name (AnalyzeOptions are not serializable). */
  private final Map<String, String> actions;

  private AnalyzeJob(SparkSession spark, SparkFaceOptions options, String pathGlobFilter, Map<String, String> actions) {
    super(spark, options, pathGlobFilter);
    this.actions = actions;
  }

  /** A job on {@code spark} with {@code options} and the {@code analysis} actions, over every file under the input. */
  public static AnalyzeJob create(SparkSession spark, SparkFaceOptions options, AnalyzeOptions analysis) {
    Map<String, String> actions = new java.util.TreeMap<>();
    for (FaceAttribute a : analysis.actions()) {
      actions.put(AnalyzeOptions.actionName(a), analysis.modelFor(a));
    }
    return new AnalyzeJob(spark, options, null, actions);
  }

  @Override
  public AnalyzeJob filesMatching(String glob) {
    return new AnalyzeJob(spark, options, glob, actions);
  }

  /** The analysis options again. */
  public AnalyzeOptions analysis() {
    return analysis(actions);
  }

  private static AnalyzeOptions analysis(Map<String, String> actions) {
    Map<FaceAttribute, String> models = new EnumMap<>(FaceAttribute.class);
    actions.forEach((a, m) -> models.put(AnalyzeOptions.parseAction(a), m));
    return AnalyzeOptions.builder().actions(models.keySet()).models(models).build();
  }

  @Override
  String name() {
    return "analyze";
  }

  @Override
  List<StructField> valueColumns() {
    return COLUMNS;
  }

  @Override
  String optionsKey(FaceEngine engine) {
    return "analyze;actions=" + actions + ";" + detectionKey(engine);
  }

  @Override
  ImageProcessor processor() {
    Map<String, String> a = actions;
    return (engine, face, images) -> analyze(engine, face, analysis(a), images);
  }

  private static List<Outcome> analyze(FaceEngine engine, FaceOptions face, AnalyzeOptions analysis,
      List<ImageInput> images) {
    List<Outcome> out = new ArrayList<>(images.size());
    for (ImageInput image : images) {
      try {
        List<FaceValues> faces = new ArrayList<>();
        for (FaceAnalysis f : engine.analyze(image, analysis, face)) {
          faces.add(new FaceValues(f.region(), f.faceConfidence(), values(f)));
        }
        out.add(new Outcome(faces, null));
      } catch (RuntimeException e) {
        out.add(Outcome.failed(e));
      }
    }
    return out;
  }

  private static Object[] values(FaceAnalysis f) {
    Object[] v = new Object[COLUMNS.size()];
    if (f.age() != null) {
      v[0] = f.age().years();
    }
    if (f.gender() != null) {
      v[1] = f.gender().dominant();
      v[2] = scala(Map.of("Woman", f.gender().woman(), "Man", f.gender().man()));
    }
    if (f.emotion() != null) {
      v[3] = f.emotion().dominant();
      v[4] = scala(f.emotion().scores());
    }
    if (f.race() != null) {
      v[5] = f.race().dominant();
      v[6] = scala(f.race().scores());
    }
    if (f.pose() != null) {
      v[7] = RowFactory.create(f.pose().yaw(), f.pose().pitch(), f.pose().roll());
    }
    if (f.landmarks() != null) {
      List<Row> points = new ArrayList<>(f.landmarks().points().size());
      for (Point p : f.landmarks().points()) {
        points.add(RowFactory.create(p.x(), p.y()));
      }
      v[8] = CollectionConverters.asScala(points).toSeq();
    }
    if (f.eyes() != null) {
      v[9] = RowFactory.create(f.eyes().rightEyeOpen(), f.eyes().leftEyeOpen());
    }
    if (f.antiSpoof() != null) {
      v[10] = RowFactory.create(f.antiSpoof().isReal(), f.antiSpoof().score(), f.antiSpoof().realProbability());
    }
    return v;
  }

  private static scala.collection.Map<String, Double> scala(Map<String, Double> m) {
    return CollectionConverters.asScala(m);
  }
}
