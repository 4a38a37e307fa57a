package io.deepface.testing.conformance;

import io.deepface.face.FaceBox;
import io.deepface.face.Point;
import java.util.List;
import java.util.Map;

/**
 * The faces of the faceapi group photos ({@code bbt1.jpg} to {@code bbt5.jpg}), counted by eye, as a point inside
 * each. bbt2 has two more heads in the background, turned away and half hidden, which no detector finds and which
 * are not counted.
 */
public final class GroupPhotos {
  public static final Map<String, List<Point>> FACES = Map.of(
      "bbt1.jpg", List.of(new Point(262, 195), new Point(521, 207), new Point(776, 198), new Point(1047, 143)),
      "bbt2.jpg", List.of(new Point(27, 126), new Point(136, 174), new Point(419, 173)),
      "bbt3.jpg", List.of(new Point(64, 64), new Point(180, 120), new Point(281, 130), new Point(393, 143),
          new Point(518, 134)),
      "bbt4.jpg", List.of(new Point(126, 79), new Point(278, 98), new Point(618, 120), new Point(102, 316),
          new Point(299, 287), new Point(512, 237)),
      "bbt5.jpg", List.of(new Point(149, 214), new Point(258, 83), new Point(480, 205), new Point(614, 97),
          new Point(761, 160)));

  private GroupPhotos() {}

  public static boolean contains(FaceBox b, Point p) {
    return p.x() >= b.x() && p.x() <= b.right() && p.y() >= b.y() && p.y() <= b.bottom();
  }
}
