package io.deepface.spark;

import io.deepface.FaceOptions;
import io.deepface.align.AlignmentMode;
import io.deepface.verify.DistanceMetric;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a Spark job needs to build {@link FaceOptions} and a {@link io.deepface.FaceEngine} on every executor: the face
 * options (which are not serializable, so they travel as their values), the model folders the executors read, the
 * inference threads per task and the images per model call.
 *
 * <p>Immutable and serializable: safe to share between threads and to ship in a Spark closure.
 *
 * @param face the face options' values (detector, model, metric...)
 * @param modelPath folders holding the models on every node, or empty for {@code DEEPFACE_MODEL_PATH} /
 *     {@code -Ddeepface.model.path} of the executor (a relative folder, such as one {@code --archives} unpacked, is
 *     read from the executor's working directory)
 * @param threads inference threads per task, or 0 for the task's CPUs ({@code spark.task.cpus}, 1 by default): an
 *     executor runs {@code spark.executor.cores / spark.task.cpus} tasks at once, so its cores are all used and none
 *     oversubscribed
 * @param batchSize images sent to the models in one call (their faces are embedded together)
 */
public record SparkFaceOptions(FaceValues face, List<String> modelPath, int threads, int batchSize)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public SparkFaceOptions {
    Objects.requireNonNull(face, "face");
    modelPath = List.copyOf(modelPath);
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0: the task's CPUs), got " + threads);
    }
    if (batchSize < 1 || batchSize > 1024) {
      throw new IllegalArgumentException("batchSize must be in [1, 1024], got " + batchSize);
    }
  }

  /** DeepFace's default face options, models from the executors' environment, a thread per task CPU. */
  public static SparkFaceOptions defaults() {
    return of(FaceOptions.defaults());
  }

  /**
   * {@code face} for every executor, models from the executors' environment, a thread per task CPU, 8 images per call.
   *
   * @throws IllegalArgumentException the options carry a threshold profile (a file of the driver's): give its
   *     threshold instead
   */
  public static SparkFaceOptions of(FaceOptions face) {
    return new SparkFaceOptions(FaceValues.of(face), List.of(), 0, 8);
  }

  /** These options with the executors reading models from {@code folders}. */
  public SparkFaceOptions withModelPath(List<String> folders) {
    return new SparkFaceOptions(face, folders, threads, batchSize);
  }

  /** These options with {@code n} inference threads per task (0: the task's CPUs). */
  public SparkFaceOptions withThreads(int n) {
    return new SparkFaceOptions(face, modelPath, n, batchSize);
  }

  /** These options with {@code n} images per model call. */
  public SparkFaceOptions withBatchSize(int n) {
    return new SparkFaceOptions(face, modelPath, threads, n);
  }

  /** The face options, built again from their values. */
  public FaceOptions faceOptions() {
    return face.toOptions();
  }

  /** The model folders as paths. */
  List<Path> modelFolders() {
    return modelPath.stream().map(Path::of).toList();
  }

  /**
   * The values of a {@link FaceOptions}, serializable. {@code minConfidence} and {@code threshold} are null when the
   * detector's own and the calibrated one are meant.
   */
  public record FaceValues(String detector, String model, String metric, String alignment, boolean enforceDetection,
      double expandPercentage, Double minConfidence, int maxFaces, boolean flip, Double threshold, int faceSize,
      boolean antiSpoofing, int minFaceSize) implements Serializable {
    private static final long serialVersionUID = 1L;

    public FaceValues {
      toOptions(detector, model, metric, alignment, enforceDetection, expandPercentage, minConfidence, maxFaces, flip,
          threshold, faceSize, antiSpoofing, minFaceSize); // Checks every value now, on the driver.
    }

    static FaceValues of(FaceOptions o) {
      if (o.thresholdProfile().isPresent()) {
        throw new IllegalArgumentException("A threshold profile is a file of the driver's and is not shipped to "
            + "executors; give its threshold with FaceOptions.Builder.threshold instead");
      }
      return new FaceValues(o.detector(), o.model(), o.metric().deepFaceName(), o.alignment().name(),
          o.enforceDetection(), o.expandPercentage(), o.minConfidence().isPresent() ? o.minConfidence().getAsDouble()
              : null, o.maxFaces(), o.flip(), o.threshold().isPresent() ? o.threshold().getAsDouble() : null,
          o.faceSize(), o.antiSpoofing(), o.minFaceSize());
    }

    FaceOptions toOptions() {
      return toOptions(detector, model, metric, alignment, enforceDetection, expandPercentage, minConfidence, maxFaces,
          flip, threshold, faceSize, antiSpoofing, minFaceSize);
    }

    private static FaceOptions toOptions(String detector, String model, String metric, String alignment,
        boolean enforceDetection, double expandPercentage, Double minConfidence, int maxFaces, boolean flip,
        Double threshold, int faceSize, boolean antiSpoofing, int minFaceSize) {
      FaceOptions.Builder b = FaceOptions.builder().detector(detector).model(model)
          .metric(DistanceMetric.parse(metric)).alignment(AlignmentMode.valueOf(alignment))
          .enforceDetection(enforceDetection).expandPercentage(expandPercentage).maxFaces(maxFaces).flip(flip)
          .faceSize(faceSize).antiSpoofing(antiSpoofing).minFaceSize(minFaceSize);
      if (minConfidence != null) {
        b.minConfidence(minConfidence);
      }
      if (threshold != null) {
        b.threshold(threshold);
      }
      return b.build();
    }
  }
}
