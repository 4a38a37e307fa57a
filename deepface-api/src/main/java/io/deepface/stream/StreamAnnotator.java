package io.deepface.stream;

import io.deepface.FaceAnalysis;
import io.deepface.face.FaceBox;
import io.deepface.image.RgbImage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws a frame's tracked faces on a copy of its image: each face's box (green when the detector found it in this
 * frame, yellow when the tracker predicted it), a label above it with the track id and the identity
 * ({@link Identity#displayName()}), and below it the smoothed age, gender and emotion (and "fake" for a track
 * anti-spoofing judged fake, its box red). Same size as the frame. Thread-safe; works headless; without a usable
 * font the labels are left out (warned once).
 */
public final class StreamAnnotator {
  private static final Logger LOG = LoggerFactory.getLogger(StreamAnnotator.class);
  private static final Color DETECTED = new Color(0, 220, 0);
  private static final Color PREDICTED = new Color(255, 210, 0);
  private static final Color FAKE = new Color(230, 30, 30);
  private static final Color LABEL_BACK = new Color(0, 0, 0, 170);
  private static volatile boolean fontWarned;

  private StreamAnnotator() {}

  /** A new image: the frame with its faces drawn on it. */
  public static RgbImage annotate(FrameResult result) {
    return annotate(result.frame().image(), result.faces());
  }

  /** A new image: {@code image} with {@code faces} drawn on it. */
  public static RgbImage annotate(RgbImage image, List<TrackedFace> faces) {
    BufferedImage canvas = image.toBufferedImage();
    Graphics2D g = canvas.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      for (TrackedFace f : faces) {
        draw(g, f, canvas.getWidth(), canvas.getHeight());
      }
    } finally {
      g.dispose();
    }
    return RgbImage.fromBufferedImage(canvas);
  }

  /** "#3 Alice/alice_2 (0.31)". */
  public static String title(TrackedFace f) {
    return "#" + f.track() + (f.identity() == null ? ""
        : " " + f.identity().displayName() + String.format(Locale.ROOT, " (%.2f)", f.identity().distance()));
  }

  /** "35, Woman, happy", the parts measured; "fake" first for a track anti-spoofing rejected. */
  public static String attributes(TrackedFace f) {
    FaceAnalysis a = f.analysis();
    if (a == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    if (a.antiSpoof() != null && !a.antiSpoof().isReal()) {
      parts.add("fake");
    }
    if (a.age() != null) {
      parts.add(String.valueOf(a.age().deepFaceAge()));
    }
    if (a.gender() != null) {
      parts.add(a.gender().dominant());
    }
    if (a.emotion() != null) {
      parts.add(a.emotion().dominant());
    }
    if (a.race() != null) {
      parts.add(a.race().dominant());
    }
    return String.join(", ", parts);
  }

  private static void draw(Graphics2D g, TrackedFace f, int width, int height) {
    FaceBox b = f.box();
    boolean fake = f.analysis() != null && f.analysis().antiSpoof() != null && !f.analysis().antiSpoof().isReal();
    float stroke = (float) Math.max(1.5, Math.max(b.width(), b.height()) / 80);
    g.setStroke(new BasicStroke(stroke));
    g.setColor(fake ? FAKE : f.detected() ? DETECTED : PREDICTED);
    g.draw(new Rectangle2D.Double(b.x(), b.y(), b.width(), b.height()));
    try {
      int size = (int) Math.max(11, Math.min(28, b.width() / 7));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
      label(g, title(f), b, width, height, true);
      String attrs = attributes(f);
      if (!attrs.isEmpty()) {
        label(g, attrs, b, width, height, false);
      }
    } catch (RuntimeException | InternalError | LinkageError e) {
      if (!fontWarned) {
        fontWarned = true;
        LOG.warn("Cannot draw labels (no usable font in this Java runtime?): {}", e.toString());
      }
    }
  }

  private static void label(Graphics2D g, String text, FaceBox b, int width, int height, boolean above) {
    FontMetrics fm = g.getFontMetrics();
    int pad = Math.max(2, fm.getHeight() / 6);
    int w = fm.stringWidth(text) + 2 * pad;
    int h = fm.getHeight() + 2 * pad;
    int x = (int) Math.max(0, Math.min(b.x(), width - w));
    int y;
    if (above) {
      y = b.y() - h >= 0 ? (int) (b.y() - h) : (int) b.y();
    } else {
      y = (int) Math.min(b.bottom(), height - h);
    }
    g.setColor(LABEL_BACK);
    g.fillRect(x, y, w, h);
    g.setColor(Color.WHITE);
    g.drawString(text, x + pad, y + pad + fm.getAscent());
  }
}
