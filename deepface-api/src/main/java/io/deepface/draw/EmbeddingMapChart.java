package io.deepface.draw;

import io.deepface.DeepFaceException;
import io.deepface.FacialArea;
import io.deepface.image.ImageDecoder;
import io.deepface.image.ImageInput;
import io.deepface.image.RgbImage;
import io.deepface.map.EmbeddingMap;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws an {@link EmbeddingMap} as a PNG: every face as a small thumbnail of itself framed in its person's colour
 * (or a dot, without thumbnails), a legend of people, and the axes' share of variance. Written to a temporary file
 * and moved into place.
 */
public final class EmbeddingMapChart {
  private static final int W = 1200;
  private static final int H = 900;
  private static final int MARGIN = 50;
  private static final int LEGEND = 230;
  private static final int THUMB = 34;

  private EmbeddingMapChart() {}

  /**
   * Writes the map.
   *
   * @param thumbnails draw each face's thumbnail (each photo is decoded again) rather than a dot
   * @throws DeepFaceException when the file cannot be written (nothing is left at {@code png} then)
   */
  public static void write(Path png, EmbeddingMap map, String title, boolean thumbnails) {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      List<String> ids = map.identities();
      Map<String, Color> colour = new HashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        colour.put(ids.get(i), Color.getHSBColor((float) ((i * 0.618033988749895) % 1.0), 0.75f, 0.85f));
      }
      double minX = map.points().stream().mapToDouble(EmbeddingMap.Point::x).min().orElse(0);
      double maxX = map.points().stream().mapToDouble(EmbeddingMap.Point::x).max().orElse(1);
      double minY = map.points().stream().mapToDouble(EmbeddingMap.Point::y).min().orElse(0);
      double maxY = map.points().stream().mapToDouble(EmbeddingMap.Point::y).max().orElse(1);
      int plotW = W - 2 * MARGIN - LEGEND - THUMB;
      int plotH = H - 2 * MARGIN - THUMB - 20;
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, MARGIN, 30);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString(String.format(Locale.ROOT, "PC1 (%.1f %% of variance)", 100 * map.explainedVariance()[0]),
          MARGIN + plotW / 2 - 60, H - 15);
      Graphics2D r = (Graphics2D) g.create();
      r.rotate(-Math.PI / 2);
      r.drawString(String.format(Locale.ROOT, "PC2 (%.1f %% of variance)", 100 * map.explainedVariance()[1]),
          -(H / 2) - 60, 20);
      r.dispose();
      g.setColor(new Color(0xdddddd));
      g.drawRect(MARGIN, MARGIN, plotW + THUMB, plotH + THUMB);
      ImageDecoder decoder = ImageDecoder.defaults();
      for (EmbeddingMap.Point p : map.points()) {
        int x = MARGIN + (int) Math.round((p.x() - minX) / Math.max(1e-12, maxX - minX) * plotW);
        int y = MARGIN + (int) Math.round((1 - (p.y() - minY) / Math.max(1e-12, maxY - minY)) * plotH);
        Color c = colour.get(p.identity());
        BufferedImage thumb = thumbnails ? thumbnail(decoder, p.image(), p.facialArea()) : null;
        if (thumb != null) {
          g.drawImage(thumb, x, y, THUMB, THUMB, null);
          g.setColor(c);
          g.setStroke(new BasicStroke(3f));
          g.drawRect(x, y, THUMB, THUMB);
        } else {
          g.setColor(c);
          g.fillOval(x + THUMB / 2 - 5, y + THUMB / 2 - 5, 10, 10);
        }
      }
      legend(g, ids, colour);
    } finally {
      g.dispose();
    }
    Charts.writePng(png, img);
  }

  private static BufferedImage thumbnail(ImageDecoder decoder, Path photo, FacialArea area) {
    try {
      RgbImage image = decoder.decode(ImageInput.of(photo));
      int x = Math.max(0, area.x());
      int y = Math.max(0, area.y());
      int w = Math.min(image.width() - x, area.w());
      int h = Math.min(image.height() - y, area.h());
      return w > 0 && h > 0 ? image.crop(x, y, w, h).toBufferedImage() : null;
    } catch (DeepFaceException e) {
      return null;
    }
  }

  private static void legend(Graphics2D g, List<String> ids, Map<String, Color> colour) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int x0 = W - LEGEND;
    int lineH = 16;
    int max = (H - 2 * MARGIN) / lineH - 1;
    for (int i = 0; i < ids.size() && i < max; i++) {
      int yy = MARGIN + i * lineH + lineH / 2;
      g.setColor(colour.get(ids.get(i)));
      g.fillRect(x0, yy - 5, 12, 10);
      g.setColor(Color.BLACK);
      g.drawString(ids.get(i).replace('_', ' '), x0 + 18, yy + 4);
    }
    if (ids.size() > max) {
      g.setColor(Color.BLACK);
      g.drawString("... and " + (ids.size() - max) + " more", x0, MARGIN + max * lineH + lineH / 2 + 4);
    }
  }
}
