package io.deepface.components;

import io.deepface.analysis.Gender;

/**
 * Platt scaling of a gender model's probability of "man": {@code logit(p') = a logit(p) + b}. Fitted on labelled
 * faces, it moves the 50 % point to where the model's errors balance (several published models call too many
 * women men) and makes the percentages calibrated probabilities. The order of faces is kept.
 *
 * @param a slope on the logit scale (positive)
 * @param b offset on the logit scale
 */
public record GenderCalibration(double a, double b) {
  /** Probabilities are clamped this far from 0 and 1 before taking logits. */
  private static final double EPS = 1e-6;

  public GenderCalibration {
    if (!(a > 0) || !Double.isFinite(a) || !Double.isFinite(b)) {
      throw new IllegalArgumentException("gender calibration needs a positive slope and a finite offset, got " + a + ", " + b);
    }
  }

  /** The identity. */
  public static final GenderCalibration NONE = new GenderCalibration(1, 0);

  /** The calibrated probability of "man". */
  public double apply(double pMan) {
    double z = a * logit(pMan) + b;
    return 1 / (1 + Math.exp(-z));
  }

  public Gender apply(Gender g) {
    double man = 100 * apply(g.man() / 100);
    return new Gender(100 - man, man);
  }

  static double logit(double p) {
    double q = Math.max(EPS, Math.min(1 - EPS, p));
    return Math.log(q / (1 - q));
  }

  /**
   * The maximum-likelihood fit (logistic regression on the logit, Newton's method) to faces whose model
   * probabilities are {@code pMan} and whose labels are {@code man}.
   *
   * @throws IllegalArgumentException without faces of both kinds
   */
  public static GenderCalibration fit(double[] pMan, boolean[] man) {
    double[] ones = new double[pMan.length];
    java.util.Arrays.fill(ones, 1);
    return fit(pMan, man, ones);
  }

  /**
   * As {@link #fit(double[], boolean[])}, each face counting {@code weight[i]} times (for example one over the size
   * of its data set, so that every set counts as much).
   */
  public static GenderCalibration fit(double[] pMan, boolean[] man, double[] weight) {
    int n = pMan.length;
    if (n != man.length || n != weight.length) {
      throw new IllegalArgumentException(n + " probabilities but " + man.length + " labels and " + weight.length + " weights");
    }
    int men = 0;
    for (boolean m : man) {
      men += m ? 1 : 0;
    }
    if (men == 0 || men == n) {
      throw new IllegalArgumentException("fitting needs faces of both genders, got " + men + " men of " + n);
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = logit(pMan[i]);
    }
    double total = 0;
    for (double w : weight) {
      if (!(w >= 0)) {
        throw new IllegalArgumentException("weights must not be negative");
      }
      total += w;
    }
    double ridge = 1e-3 * total;
    double a = 1;
    double b = 0;
    double loss = loss(x, man, weight, a, b, ridge);
    for (int iter = 0; iter < 100; iter++) {
      // Gradient and Hessian of the negative log-likelihood, with a small ridge for separable data.
      double ga = ridge * (a - 1);
      double gb = ridge * b;
      double haa = ridge;
      double hab = 0;
      double hbb = ridge;
      for (int i = 0; i < n; i++) {
        double p = 1 / (1 + Math.exp(-(a * x[i] + b)));
        double r = weight[i] * (p - (man[i] ? 1 : 0));
        double w = weight[i] * p * (1 - p);
        ga += r * x[i];
        gb += r;
        haa += w * x[i] * x[i];
        hab += w * x[i];
        hbb += w;
      }
      double det = haa * hbb - hab * hab;
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      // Damped Newton: halve the step until the loss does not grow (confident models saturate the sigmoid).
      double step = 1;
      double next = loss(x, man, weight, a - da, b - db, ridge);
      while (!(next <= loss) && step > 1e-6) {
        step /= 2;
        next = loss(x, man, weight, a - step * da, b - step * db, ridge);
      }
      a -= step * da;
      b -= step * db;
      boolean converged = Math.abs(step * da) < 1e-10 && Math.abs(step * db) < 1e-10;
      loss = next;
      if (converged) {
        break;
      }
    }
    return new GenderCalibration(Math.max(a, 1e-3), b);
  }

  /** Weighted negative log-likelihood plus the ridge pulling towards the identity. */
  private static double loss(double[] x, boolean[] man, double[] weight, double a, double b, double ridge) {
    double l = ridge / 2 * ((a - 1) * (a - 1) + b * b);
    for (int i = 0; i < x.length; i++) {
      double z = a * x[i] + b;
      // log(1 + e^-z) for a man, log(1 + e^z) for a woman, computed without overflow.
      double t = man[i] ? -z : z;
      l += weight[i] * (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)));
    }
    return l;
  }
}
