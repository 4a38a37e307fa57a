package io.deepface.spark;

import io.deepface.FacialArea;
import io.deepface.face.Point;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns every job's output shares, and the facial area as a Spark struct. One row per face; an image without a
 * face, or one that failed, has one row with {@code face_index} null and its {@code status} ({@value #NO_FACE} or
 * {@value #ERROR}).
 */
public final class FaceRows {
  /** A row of a face. */
  public static final String FACE = "face";
  /** The row of an image in which no face was found (detection enforced). */
  public static final String NO_FACE = "no_face";
  /** The row of an image that could not be processed: {@code error} and {@code error_type} say why. */
  public static final String ERROR = "error";

  public static final String PATH = "path";
  public static final String MODIFICATION_TIME = "modification_time";
  public static final String LENGTH = "length";
  public static final String CONTENT_HASH = "content_hash";
  public static final String RUN_ID = "run_id";
  public static final String OPTIONS_KEY = "options_key";
  public static final String STATUS = "status";
  public static final String FACE_INDEX = "face_index";
  public static final String FACIAL_AREA = "facial_area";
  public static final String FACE_CONFIDENCE = "face_confidence";
  public static final String ERROR_MESSAGE = "error";
  public static final String ERROR_TYPE = "error_type";

  /** A landmark, in pixels of the input image. */
  public static final StructType POINT = new StructType()
      .add("x", DataTypes.DoubleType, false)
      .add("y", DataTypes.DoubleType, false);

  /** DeepFace's {@code facial_area}: the box and the landmarks the detector gave (null where it gave none). */
  public static final StructType AREA = new StructType()
      .add("x", DataTypes.IntegerType, false)
      .add("y", DataTypes.IntegerType, false)
      .add("w", DataTypes.IntegerType, false)
      .add("h", DataTypes.IntegerType, false)
      .add("left_eye", POINT, true)
      .add("right_eye", POINT, true)
      .add("nose", POINT, true)
      .add("mouth_left", POINT, true)
      .add("mouth_right", POINT, true);

  private FaceRows() {}

  /** The output schema of a job: the shared columns, {@code values} (the job's own), then the error columns. */
  static StructType schema(List<StructField> values) {
    List<StructField> fields = new ArrayList<>(List.of(
        DataTypes.createStructField(PATH, DataTypes.StringType, false),
        DataTypes.createStructField(MODIFICATION_TIME, DataTypes.TimestampType, true),
        DataTypes.createStructField(LENGTH, DataTypes.LongType, true),
        DataTypes.createStructField(CONTENT_HASH, DataTypes.StringType, false),
        DataTypes.createStructField(RUN_ID, DataTypes.StringType, false),
        DataTypes.createStructField(OPTIONS_KEY, DataTypes.StringType, false),
        DataTypes.createStructField(STATUS, DataTypes.StringType, false),
        DataTypes.createStructField(FACE_INDEX, DataTypes.IntegerType, true),
        DataTypes.createStructField(FACIAL_AREA, AREA, true),
        DataTypes.createStructField(FACE_CONFIDENCE, DataTypes.DoubleType, true)));
    fields.addAll(values);
    fields.add(DataTypes.createStructField(ERROR_MESSAGE, DataTypes.StringType, true));
    fields.add(DataTypes.createStructField(ERROR_TYPE, DataTypes.StringType, true));
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** {@code a} as an {@link #AREA} struct. */
  public static Row area(FacialArea a) {
    return RowFactory.create(a.x(), a.y(), a.w(), a.h(), point(a.leftEye()), point(a.rightEye()), point(a.nose()),
        point(a.mouthLeft()), point(a.mouthRight()));
  }

  /** An {@link #AREA} struct as a {@link FacialArea}. */
  public static FacialArea area(Row r) {
    return new FacialArea(r.getInt(0), r.getInt(1), r.getInt(2), r.getInt(3), point(r, 4), point(r, 5), point(r, 6),
        point(r, 7), point(r, 8));
  }

  /** The {@code array<float>} in column {@code i} of {@code r} (an embedding), as a {@code float[]}. */
  public static float[] floats(Row r, int i) {
    List<Float> values = r.getList(i);
    float[] v = new float[values.size()];
    for (int j = 0; j < v.length; j++) {
      v[j] = values.get(j);
    }
    return v;
  }

  private static Row point(Point p) {
    return p == null ? null : RowFactory.create(p.x(), p.y());
  }

  private static Point point(Row r, int i) {
    if (r.isNullAt(i)) {
      return null;
    }
    Row p = r.getStruct(i);
    return new Point(p.getDouble(0), p.getDouble(1));
  }
}
