package io.deepface.stream;

import java.util.List;
import java.util.Objects;

/**
 * What stream analysis found in one frame.
 *
 * @param frame the frame (its image, index and time)
 * @param faces the faces in view, one per active track, ordered by track id
 * @param events what happened at this frame, in order (see {@link StreamEvent})
 * @param detected true when the detector ran on this frame, false when the tracker predicted the boxes
 * @param dropped frames of a live source dropped so far because analysis fell behind
 */
public record FrameResult(VideoFrame frame, List<TrackedFace> faces, List<StreamEvent> events, boolean detected,
    long dropped) {
  public FrameResult {
    Objects.requireNonNull(frame, "frame");
    faces = List.copyOf(faces);
    events = List.copyOf(events);
  }
}
