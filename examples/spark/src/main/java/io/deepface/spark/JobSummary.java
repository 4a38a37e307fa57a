package io.deepface.spark;

import java.time.Duration;

/**
 * What one run of a job did, counted from the rows it wrote.
 *
 * @param job the job's name ({@code represent}, {@code analyze}, {@code extract_faces})
 * @param runId the {@code run_id} of every row this run wrote
 * @param output where the rows were written
 * @param images images processed by this run (each has at least one row)
 * @param faces faces found in them (rows with status {@value FaceRows#FACE})
 * @param noFace images in which no face was found
 * @param errors images that could not be processed (their rows say why)
 * @param skipped input images not processed because the output already holds their content with these options
 * @param time how long the run took, listing and counting included
 */
public record JobSummary(String job, String runId, String output, long images, long faces, long noFace, long errors,
    long skipped, Duration time) {

  /** One line for logs: the counts and the rate. */
  public String describe() {
    double seconds = Math.max(1e-9, time.toNanos() / 1e9);
    return String.format(java.util.Locale.ROOT,
        "%s run %s: %d images (%d faces, %d without a face, %d errors), %d skipped as already done, in %.1f s "
            + "(%.1f images/s) -> %s", job, runId, images, faces, noFace, errors, skipped, seconds, images / seconds,
        output);
  }
}
