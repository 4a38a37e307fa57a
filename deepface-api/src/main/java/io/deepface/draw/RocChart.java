package io.deepface.draw;

import io.deepface.verify.RocCurve;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Draws ROC curves as a PNG with Java2D: true accept rate against false accept rate on a logarithmic axis (from a
 * lowest FAR, by default 1e-3, the resolution of 1500 different-person pairs, to 1), one coloured curve per
 * configuration, with a legend. The file is written to a temporary name and moved into place.
 */
public final class RocChart {
  /** One curve and its legend. */
  public record Curve(String label, RocCurve roc) {}

  private static final int W = 960;
  private static final int H = 640;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;
  private static final double DEFAULT_MIN_FAR = 1e-3;
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf), Color.BLACK, new Color(0x393b79)};

  private RocChart() {}

  /**
   * The curves from FAR 1e-3 to 1.
   *
   * @throws io.deepface.DeepFaceException when the file cannot be written (nothing is left at {@code png} then)
   */
  public static void write(Path png, String title, List<Curve> curves) {
    write(png, title, curves, DEFAULT_MIN_FAR);
  }

  /**
   * The curves from FAR {@code minFar} (rounded down to a power of ten, at least 1e-8) to 1.
   *
   * @throws io.deepface.DeepFaceException when the file cannot be written (nothing is left at {@code png} then)
   */
  public static void write(Path png, String title, List<Curve> curves, double minFar) {
    int decades = (int) Math.min(8, Math.max(1, Math.ceil(-Math.log10(Math.max(minFar, 1e-8)) - 1e-9)));
    Axis axis = new Axis(Math.pow(10, -decades), decades);
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      double minTar = Math.max(0, Math.floor(curves.stream().mapToDouble(c -> c.roc().tarAt(axis.minFar())).min().orElse(0) * 10) / 10);
      axes(g, title, minTar, axis);
      Graphics2D clip = (Graphics2D) g.create(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
      clip.translate(-LEFT, -TOP);
      for (int i = 0; i < curves.size(); i++) {
        clip.setColor(PALETTE[i % PALETTE.length]);
        clip.setStroke(new BasicStroke(i < PALETTE.length ? 2f : 1.2f));
        clip.draw(path(curves.get(i).roc(), minTar, axis));
      }
      clip.dispose();
      legend(g, curves);
    } finally {
      g.dispose();
    }
    Charts.writePng(png, img);
  }

  /** The FAR axis: from {@code minFar} = 10^-decades to 1. */
  private record Axis(double minFar, int decades) {}

  /** Screen x of a FAR (log scale, FARs below the axis drawn at its left edge). */
  static double x(double far, double minFar) {
    double f = Math.max(far, minFar);
    return LEFT + (Math.log10(f) - Math.log10(minFar)) / -Math.log10(minFar) * (W - LEFT - RIGHT);
  }

  static double y(double tar, double minTar) {
    return TOP + (1 - (tar - minTar) / (1 - minTar)) * (H - TOP - BOTTOM);
  }

  /** The curve as a step path: TAR holds until FAR reaches the next point. */
  private static Path2D path(RocCurve roc, double minTar, Axis axis) {
    double m = axis.minFar();
    Path2D p = new Path2D.Double();
    p.moveTo(x(roc.far()[0], m), y(roc.tar()[0], minTar));
    for (int i = 1; i < roc.far().length; i++) {
      p.lineTo(x(roc.far()[i], m), y(roc.tar()[i - 1], minTar));
      p.lineTo(x(roc.far()[i], m), y(roc.tar()[i], minTar));
    }
    return p;
  }

  private static void axes(Graphics2D g, String title, double minTar, Axis axis) {
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.setColor(Color.BLACK);
    g.drawString(title, LEFT, 25);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int e = -axis.decades(); e <= 0; e++) {
      int px = (int) x(Math.pow(10, e), axis.minFar());
      g.setColor(new Color(0xdddddd));
      g.drawLine(px, TOP, px, H - BOTTOM);
      g.setColor(Color.BLACK);
      String label = e == 0 ? "1" : "1e" + e;
      g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, H - BOTTOM + 18);
    }
    for (double t = minTar; t <= 1.0001; t += (1 - minTar) <= 0.2 ? 0.02 : 0.1) {
      int py = (int) y(t, minTar);
      g.setColor(new Color(0xdddddd));
      g.drawLine(LEFT, py, W - RIGHT, py);
      g.setColor(Color.BLACK);
      String label = String.format(Locale.ROOT, "%.2f", t);
      g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py + 4);
    }
    g.drawRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
    g.drawString("false accept rate (log scale)", W / 2 - 80, H - 20);
    Graphics2D r = (Graphics2D) g.create();
    r.rotate(-Math.PI / 2);
    r.drawString("true accept rate", -(H / 2) - 45, 18);
    r.dispose();
  }

  private static void legend(Graphics2D g, List<Curve> curves) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int lineH = 16;
    int width = curves.stream().mapToInt(c -> g.getFontMetrics().stringWidth(c.label())).max().orElse(0) + 40;
    int x0 = W - RIGHT - width - 10;
    int y0 = H - BOTTOM - 10 - lineH * curves.size();
    g.setColor(new Color(255, 255, 255, 230));
    g.fillRect(x0, y0 - 4, width, lineH * curves.size() + 8);
    g.setColor(Color.GRAY);
    g.drawRect(x0, y0 - 4, width, lineH * curves.size() + 8);
    for (int i = 0; i < curves.size(); i++) {
      int yy = y0 + i * lineH + lineH / 2;
      g.setColor(PALETTE[i % PALETTE.length]);
      g.setStroke(new BasicStroke(3f));
      g.drawLine(x0 + 6, yy, x0 + 26, yy);
      g.setColor(Color.BLACK);
      g.drawString(curves.get(i).label(), x0 + 32, yy + 4);
    }
  }
}
