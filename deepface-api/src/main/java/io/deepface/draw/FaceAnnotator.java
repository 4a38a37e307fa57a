package io.deepface.draw;

import io.deepface.FaceAnalysis;
import io.deepface.FacialArea;
import io.deepface.analysis.HeadPose;
import io.deepface.face.Point;
import io.deepface.image.RgbImage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws {@code analyze} results on a copy of the image, like the result pictures of the DeepFace lessons:
 * each face's box (green), its 68 landmarks (cyan; the detector's five points when landmarks were not
 * asked for), its head-pose axes from the nose (red: the face's x axis, to the person's left; green: down;
 * blue: out of the face, where the nose points) and a label with age, gender and emotion above the box.
 *
 * <p>Sizes follow each face's size. The input image is never changed. Thread-safe; works headless. Text
 * needs a font; where the Java runtime has none, the label is left out and a warning is logged.
 */
public final class FaceAnnotator {
  private static final Logger LOG = LoggerFactory.getLogger(FaceAnnotator.class);
  private static final Color BOX = new Color(0, 220, 0);
  private static final Color POINTS = new Color(0, 230, 255);
  private static final Color LABEL_BACK = new Color(0, 0, 0, 170);

  private FaceAnnotator() {}

  /** A new image: {@code image} with every face of {@code faces} drawn on it. */
  public static RgbImage annotate(RgbImage image, List<FaceAnalysis> faces) {
    BufferedImage canvas = image.toBufferedImage();
    Graphics2D g = canvas.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      for (FaceAnalysis f : faces) {
        draw(g, f, canvas.getWidth());
      }
    } finally {
      g.dispose();
    }
    return RgbImage.fromBufferedImage(canvas);
  }

  private static void draw(Graphics2D g, FaceAnalysis f, int imageWidth) {
    FacialArea r = f.region();
    float stroke = Math.max(1.5f, Math.max(r.w(), r.h()) / 80f);
    g.setStroke(new BasicStroke(stroke));
    g.setColor(BOX);
    g.draw(new Rectangle2D.Double(r.x(), r.y(), r.w(), r.h()));

    double radius = Math.max(1.2, Math.max(r.w(), r.h()) / 90.0);
    g.setColor(POINTS);
    for (Point p : points(f)) {
      g.fill(new Ellipse2D.Double(p.x() - radius, p.y() - radius, 2 * radius, 2 * radius));
    }

    if (f.pose() != null) {
      drawAxes(g, f.pose(), axesOrigin(f), Math.max(r.w(), r.h()) / 2.0, stroke);
    }

    String label = label(f);
    if (!label.isEmpty()) {
      drawLabel(g, label, r, imageWidth);
    }
  }

  private static List<Point> points(FaceAnalysis f) {
    if (f.landmarks() != null) {
      return f.landmarks().points();
    }
    List<Point> out = new ArrayList<>();
    FacialArea r = f.region();
    for (Point p : new Point[] {r.leftEye(), r.rightEye(), r.nose(), r.mouthLeft(), r.mouthRight()}) {
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }

  private static Point axesOrigin(FaceAnalysis f) {
    if (f.landmarks() != null) {
      return f.landmarks().points().get(30);
    }
    if (f.region().nose() != null) {
      return f.region().nose();
    }
    FacialArea r = f.region();
    return new Point(r.x() + r.w() / 2.0, r.y() + r.h() / 2.0);
  }

  /** HopeNet's axis drawing, in this library's sign convention ({@link HeadPose}). */
  static Point[] axisEnds(HeadPose pose, Point o, double size) {
    double p = Math.toRadians(pose.pitch());
    double y = -Math.toRadians(pose.yaw());
    double r = Math.toRadians(pose.roll());
    Point x = new Point(o.x() + size * Math.cos(y) * Math.cos(r),
        o.y() + size * (Math.cos(p) * Math.sin(r) + Math.cos(r) * Math.sin(p) * Math.sin(y)));
    Point down = new Point(o.x() - size * Math.cos(y) * Math.sin(r),
        o.y() + size * (Math.cos(p) * Math.cos(r) - Math.sin(p) * Math.sin(y) * Math.sin(r)));
    Point out = new Point(o.x() + size * Math.sin(y), o.y() - size * Math.cos(y) * Math.sin(p));
    return new Point[] {x, down, out};
  }

  private static void drawAxes(Graphics2D g, HeadPose pose, Point o, double size, float stroke) {
    Point[] ends = axisEnds(pose, o, size);
    Color[] colours = {Color.RED, Color.GREEN, Color.BLUE};
    g.setStroke(new BasicStroke(stroke * 1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    for (int i = 0; i < 3; i++) {
      g.setColor(colours[i]);
      g.draw(new Line2D.Double(o.x(), o.y(), ends[i].x(), ends[i].y()));
    }
  }

  /** "35, Woman, happy": the parts that were asked for. */
  static String label(FaceAnalysis f) {
    List<String> parts = new ArrayList<>();
    if (f.age() != null) {
      parts.add(String.valueOf(f.age().deepFaceAge()));
    }
    if (f.gender() != null) {
      parts.add(f.gender().dominant());
    }
    if (f.emotion() != null) {
      parts.add(f.emotion().dominant());
    }
    if (f.antiSpoof() != null) {
      parts.add(f.antiSpoof().isReal() ? "real" : "fake");
    }
    return String.join(", ", parts);
  }

  private static void drawLabel(Graphics2D g, String label, FacialArea r, int imageWidth) {
    try {
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, r.w() / 7)));
      FontMetrics fm = g.getFontMetrics();
      int pad = Math.max(2, fm.getHeight() / 6);
      int w = fm.stringWidth(label) + 2 * pad;
      int h = fm.getHeight() + 2 * pad;
      int x = Math.max(0, Math.min(r.x(), imageWidth - w));
      int y = r.y() - h >= 0 ? r.y() - h : r.y() + r.h();
      g.setColor(LABEL_BACK);
      g.fillRect(x, y, w, h);
      g.setColor(Color.WHITE);
      g.drawString(label, x + pad, y + pad + fm.getAscent());
    } catch (RuntimeException | InternalError | LinkageError e) {
      LOG.warn("Cannot draw the label '{}' (no usable font in this Java runtime?): {}", label, e.toString());
    }
  }
}
