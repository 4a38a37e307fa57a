package io.deepface.find;

import io.deepface.FacialArea;
import java.util.Map;

/**
 * One registered face that matches a query face, as a row of DeepFace's {@code search} result.
 *
 * @param id the registered face's id ({@code <imageHash>#<faceIndex>})
 * @param name the identity it was registered under (DeepFace's {@code img_name})
 * @param imageHash SHA-256 of the registered image, hex
 * @param faceIndex index of the matched face in the registered image
 * @param target where the matched face is in the registered image ({@code target_x}... in DeepFace)
 * @param source where the query face is in the query image ({@code source_x}...)
 * @param distance distance between the query face and this face, in the database's metric
 * @param threshold the threshold used: every match has {@code distance <= threshold}
 * @param confidence 0 to 100, decreasing with distance, 50 at the threshold
 * @param metadata what the face was registered with
 */
public record FaceMatch(String id, String name, String imageHash, int faceIndex, FacialArea target, FacialArea source,
    double distance, double threshold, double confidence, Map<String, String> metadata) {
  public FaceMatch {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
