package io.deepface.benchmarks.detection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws precision-recall curves as a PNG with Java2D, one coloured curve per detector with a dot at its
 * default confidence, and a legend with each curve's average precision.
 */
public final class PrChart {
  /**
   * One curve.
   *
   * @param label legend text
   * @param curve the curve
   * @param defaultRecall recall at the detector's default confidence (the dot), NaN for none
   * @param defaultPrecision precision there
   */
  public record Line(String label, WiderEvaluation.Curve curve, double defaultRecall, double defaultPrecision) {}

  private static final int W = 960;
  private static final int H = 640;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf), Color.BLACK, new Color(0x393b79)};

  private PrChart() {}

  public static void write(Path png, String title, List<Line> lines) throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      axes(g, title);
      for (int i = 0; i < lines.size(); i++) {
        Line l = lines.get(i);
        g.setColor(PALETTE[i % PALETTE.length]);
        g.setStroke(new BasicStroke(2f));
        g.draw(path(l.curve()));
        if (!Double.isNaN(l.defaultRecall())) {
          g.fill(new Ellipse2D.Double(x(l.defaultRecall()) - 5, y(l.defaultPrecision()) - 5, 10, 10));
        }
      }
      legend(g, lines);
    } finally {
      g.dispose();
    }
    Files.createDirectories(png.toAbsolutePath().getParent());
    if (!ImageIO.write(img, "png", png.toFile())) {
      throw new IOException("no PNG writer");
    }
  }

  static double x(double recall) {
    return LEFT + recall * (W - LEFT - RIGHT);
  }

  static double y(double precision) {
    return TOP + (1 - precision) * (H - TOP - BOTTOM);
  }

  static Path2D path(WiderEvaluation.Curve c) {
    Path2D p = new Path2D.Double();
    if (c.recall().length == 0) {
      return p;
    }
    p.moveTo(x(c.recall()[0]), y(c.precision()[0]));
    for (int i = 1; i < c.recall().length; i++) {
      p.lineTo(x(c.recall()[i]), y(c.precision()[i]));
    }
    return p;
  }

  private static void axes(Graphics2D g, String title) {
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.setColor(Color.BLACK);
    g.drawString(title, LEFT, 25);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 10; i++) {
      double v = i / 10.0;
      String label = String.format(Locale.ROOT, "%.1f", v);
      g.setColor(new Color(0xdddddd));
      g.drawLine((int) x(v), TOP, (int) x(v), H - BOTTOM);
      g.drawLine(LEFT, (int) y(v), W - RIGHT, (int) y(v));
      g.setColor(Color.BLACK);
      g.drawString(label, (int) x(v) - g.getFontMetrics().stringWidth(label) / 2, H - BOTTOM + 18);
      g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), (int) y(v) + 4);
    }
    g.drawRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
    g.drawString("recall (IoU >= 0.5)", W / 2 - 50, H - 20);
    Graphics2D r = (Graphics2D) g.create();
    r.rotate(-Math.PI / 2);
    r.drawString("precision", -(H / 2) - 25, 18);
    r.dispose();
  }

  private static void legend(Graphics2D g, List<Line> lines) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int lineH = 16;
    List<String> labels = lines.stream().map(l -> String.format(Locale.ROOT, "%s (AP %.3f)", l.label(),
        l.curve().averagePrecision())).toList();
    int width = labels.stream().mapToInt(s -> g.getFontMetrics().stringWidth(s)).max().orElse(0) + 40;
    int x0 = LEFT + 10;
    int y0 = H - BOTTOM - 10 - lineH * lines.size();
    g.setColor(new Color(255, 255, 255, 230));
    g.fillRect(x0, y0 - 4, width, lineH * lines.size() + 8);
    g.setColor(Color.GRAY);
    g.drawRect(x0, y0 - 4, width, lineH * lines.size() + 8);
    for (int i = 0; i < lines.size(); i++) {
      int yy = y0 + i * lineH + lineH / 2;
      g.setColor(PALETTE[i % PALETTE.length]);
      g.setStroke(new BasicStroke(3f));
      g.drawLine(x0 + 6, yy, x0 + 26, yy);
      g.setColor(Color.BLACK);
      g.drawString(labels.get(i), x0 + 32, yy + 4);
    }
  }
}
