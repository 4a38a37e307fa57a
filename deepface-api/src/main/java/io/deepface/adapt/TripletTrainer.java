package io.deepface.adapt;

import io.deepface.verify.Vectors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Trains an {@link EmbeddingAdapter} with FaceNet's triplet loss and semi-hard negative mining, on embeddings of a
 * frozen base embedder labelled by person. Plain Java: the model is one linear map, whose gradient is a few lines,
 * so a deep-learning engine (DJL with a CPU training engine, a few hundred megabytes of natives) would be
 * disproportionate.
 *
 * <p>The map starts as the identity (the adapter at epoch 0 is the base embedder) and is pulled back towards it by
 * weight decay. Each batch holds {@code peoplePerBatch} people with up to {@code photosPerPerson} photos each, plus as
 * many people with a single photo as extra negatives. For every anchor-positive pair the negative is the closest
 * one that is still farther than the positive (semi-hard, within the margin), or, when none is, the farthest of
 * those closer than the positive. Loss {@code max(0, |a-p|^2 - |a-n|^2 + margin)} on unit vectors; Adam. After each
 * epoch, the loss on held-out people (each anchor-positive pair against its hardest held-out negative) decides early
 * stopping, and the best epoch's map is returned. Deterministic for a seed; single-threaded.
 */
public final class TripletTrainer {
  private TripletTrainer() {}

  /** One embedding of one person. */
  public record Sample(String identity, float[] embedding) {}

  /**
   * One epoch's figures.
   *
   * @param trainLoss mean triplet loss over the epoch's mined triplets
   * @param activeShare share of mined triplets with a positive loss
   * @param validationLoss loss on the held-out people
   */
  public record Epoch(int epoch, double trainLoss, double activeShare, double validationLoss) {}

  /**
   * What training produced.
   *
   * @param adapter the map of the best epoch (the identity if no epoch beat it)
   * @param history every epoch, epoch 0 being the untrained map's validation loss
   * @param bestEpoch the epoch whose map was kept
   */
  public record Result(EmbeddingAdapter adapter, List<Epoch> history, int bestEpoch, int trainPeople,
      int validationPeople) {}

  /** Told after every epoch. */
  @FunctionalInterface
  public interface Listener {
    void epoch(Epoch epoch);
  }

  /**
   * Trains an adapter for {@code baseEmbedder} on {@code samples}.
   *
   * @throws AdapterException with fewer than four people with at least two photos, or embeddings of mixed lengths
   */
  public static Result train(String baseEmbedder, List<Sample> samples, TrainingOptions options, Listener listener) {
    if (samples.isEmpty()) {
      throw new AdapterException("no samples to train on");
    }
    int dim = samples.get(0).embedding().length;
    Map<String, List<float[]>> people = new TreeMap<>();
    for (Sample s : samples) {
      if (s.embedding().length != dim) {
        throw new AdapterException("embeddings of different lengths: " + dim + " and " + s.embedding().length);
      }
      people.computeIfAbsent(s.identity(), k -> new ArrayList<>()).add(Vectors.normalize(s.embedding()));
    }
    Random random = new Random(options.seed());
    List<String> multi = new ArrayList<>(people.keySet().stream().filter(p -> people.get(p).size() >= 2).toList());
    List<String> single = new ArrayList<>(people.keySet().stream().filter(p -> people.get(p).size() == 1).toList());
    if (multi.size() < 4) {
      throw new AdapterException("training needs at least four people with two or more photos; got " + multi.size());
    }
    Collections.shuffle(multi, random);
    Collections.shuffle(single, random);
    int heldOut = Math.max(2, (int) Math.round(options.validationShare() * multi.size()));
    List<String> validation = multi.subList(0, heldOut);
    List<String> train = multi.subList(heldOut, multi.size());
    int heldOutSingles = (int) Math.round(options.validationShare() * single.size());
    List<String> validationSingles = single.subList(0, heldOutSingles);
    List<String> trainSingles = single.subList(heldOutSingles, single.size());
    if (train.size() < 2) {
      throw new AdapterException("too few people left to train on after holding out " + heldOut);
    }

    Model model = new Model(dim);
    Model best = model.copy();
    List<Epoch> history = new ArrayList<>();
    double bestLoss = validationLoss(model, people, validation, validationSingles, options.margin());
    Epoch start = new Epoch(0, Double.NaN, Double.NaN, bestLoss);
    history.add(start);
    listener.epoch(start);
    int bestEpoch = 0;
    int sinceBest = 0;
    for (int epoch = 1; epoch <= options.epochs() && sinceBest < options.patience(); epoch++) {
      List<String> order = new ArrayList<>(train);
      Collections.shuffle(order, random);
      double lossSum = 0;
      long triplets = 0;
      long active = 0;
      for (int from = 0; from + 1 < order.size(); from += options.peoplePerBatch()) {
        List<float[]> xs = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        List<String> batch = order.subList(from, Math.min(order.size(), from + options.peoplePerBatch()));
        for (int p = 0; p < batch.size(); p++) {
          List<float[]> photos = new ArrayList<>(people.get(batch.get(p)));
          Collections.shuffle(photos, random);
          for (float[] x : photos.subList(0, Math.min(options.photosPerPerson(), photos.size()))) {
            xs.add(x);
            owner.add(p);
          }
        }
        for (int s = 0; s < batch.size() && !trainSingles.isEmpty(); s++) {
          xs.add(people.get(trainSingles.get(random.nextInt(trainSingles.size()))).get(0));
          owner.add(-1 - s);
        }
        double[] stats = model.step(xs, owner, options);
        lossSum += stats[0];
        triplets += (long) stats[1];
        active += (long) stats[2];
      }
      double val = validationLoss(model, people, validation, validationSingles, options.margin());
      Epoch e = new Epoch(epoch, triplets == 0 ? 0 : lossSum / triplets, triplets == 0 ? 0 : (double) active / triplets,
          val);
      history.add(e);
      listener.epoch(e);
      if (val < bestLoss - 1e-6) {
        bestLoss = val;
        best = model.copy();
        bestEpoch = epoch;
        sinceBest = 0;
      } else {
        sinceBest++;
      }
    }
    int photos = train.stream().mapToInt(p -> people.get(p).size()).sum();
    String description = String.format(Locale.ROOT, "triplet loss with semi-hard negatives on %d people (%d photos) and"
        + " %d single-photo people; %d held out; margin %.2f, Adam %.0e, weight decay %.0e, seed %d; best epoch %d"
        + " of %d, held-out loss %.4f (untrained %.4f)", train.size(), photos, trainSingles.size(), validation.size(),
        options.margin(), options.learningRate(), options.weightDecay(), options.seed(), bestEpoch, history.size() - 1,
        bestLoss, start.validationLoss());
    return new Result(best.toAdapter(baseEmbedder, description), List.copyOf(history), bestEpoch, train.size(),
        validation.size());
  }

  /** Mean loss of every held-out anchor-positive pair against its hardest held-out negative. */
  private static double validationLoss(Model model, Map<String, List<float[]>> people, List<String> validation,
      List<String> singles, double margin) {
    List<float[]> ys = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    for (int p = 0; p < validation.size(); p++) {
      for (float[] x : people.get(validation.get(p))) {
        ys.add(model.forward(x));
        owner.add(p);
      }
    }
    for (int s = 0; s < singles.size(); s++) {
      ys.add(model.forward(people.get(singles.get(s)).get(0)));
      owner.add(-1 - s);
    }
    double sum = 0;
    long n = 0;
    for (int a = 0; a < ys.size(); a++) {
      if (owner.get(a) < 0) {
        continue;
      }
      double hardest = Double.POSITIVE_INFINITY;
      for (int k = 0; k < ys.size(); k++) {
        if (!owner.get(k).equals(owner.get(a))) {
          hardest = Math.min(hardest, squared(ys.get(a), ys.get(k)));
        }
      }
      for (int p = 0; p < ys.size(); p++) {
        if (p != a && owner.get(p).equals(owner.get(a))) {
          sum += Math.max(0, squared(ys.get(a), ys.get(p)) - hardest + margin);
          n++;
        }
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  static double squared(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }

  /** The linear map and its Adam state. */
  private static final class Model {
    private final int dim;
    private final float[] w;
    private final float[] b;
    private final float[] mw;
    private final float[] vw;
    private final float[] mb;
    private final float[] vb;
    private int t;

    Model(int dim) {
      this.dim = dim;
      this.w = new float[dim * dim];
      for (int i = 0; i < dim; i++) {
        w[i * dim + i] = 1;
      }
      this.b = new float[dim];
      this.mw = new float[dim * dim];
      this.vw = new float[dim * dim];
      this.mb = new float[dim];
      this.vb = new float[dim];
    }

    private Model(Model o) {
      this.dim = o.dim;
      this.w = o.w.clone();
      this.b = o.b.clone();
      this.mw = o.mw.clone();
      this.vw = o.vw.clone();
      this.mb = o.mb.clone();
      this.vb = o.vb.clone();
      this.t = o.t;
    }

    Model copy() {
      return new Model(this);
    }

    EmbeddingAdapter toAdapter(String base, String description) {
      return new EmbeddingAdapter(base, dim, dim, w, b, description);
    }

    float[] z(float[] x) {
      float[] z = new float[dim];
      for (int o = 0; o < dim; o++) {
        double s = b[o];
        int row = o * dim;
        for (int i = 0; i < dim; i++) {
          s += w[row + i] * x[i];
        }
        z[o] = (float) s;
      }
      return z;
    }

    float[] forward(float[] x) {
      return Vectors.normalize(z(x));
    }

    /** One Adam step on a batch; returns {loss sum, triplets, active triplets}. */
    double[] step(List<float[]> xs, List<Integer> owner, TrainingOptions o) {
      int n = xs.size();
      float[][] z = new float[n][];
      float[][] y = new float[n][];
      double[] norm = new double[n];
      for (int i = 0; i < n; i++) {
        z[i] = z(xs.get(i));
        double s = 0;
        for (float v : z[i]) {
          s += v * v;
        }
        norm[i] = Math.max(1e-12, Math.sqrt(s));
        y[i] = new float[dim];
        for (int j = 0; j < dim; j++) {
          y[i][j] = (float) (z[i][j] / norm[i]);
        }
      }
      double[][] dist = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          dist[i][j] = dist[j][i] = squared(y[i], y[j]);
        }
      }
      double[][] gy = new double[n][dim];
      double lossSum = 0;
      int triplets = 0;
      int active = 0;
      for (int a = 0; a < n; a++) {
        if (owner.get(a) < 0) {
          continue;
        }
        for (int p = 0; p < n; p++) {
          if (p == a || !owner.get(p).equals(owner.get(a))) {
            continue;
          }
          double dap = dist[a][p];
          int semiHard = -1;
          int hard = -1;
          for (int k = 0; k < n; k++) {
            if (owner.get(k).equals(owner.get(a))) {
              continue;
            }
            double dan = dist[a][k];
            if (dan > dap && dan < dap + o.margin()) {
              if (semiHard < 0 || dan < dist[a][semiHard]) {
                semiHard = k;
              }
            } else if (dan <= dap && (hard < 0 || dan > dist[a][hard])) {
              hard = k;
            }
          }
          int neg = semiHard >= 0 ? semiHard : hard;
          triplets++;
          if (neg < 0) {
            continue;
          }
          double loss = dap - dist[a][neg] + o.margin();
          if (loss <= 0) {
            continue;
          }
          active++;
          lossSum += loss;
          for (int j = 0; j < dim; j++) {
            // d/dya = 2(yn - yp), d/dyp = 2(yp - ya), d/dyn = 2(ya - yn)
            gy[a][j] += 2 * (y[neg][j] - y[p][j]);
            gy[p][j] += 2 * (y[p][j] - y[a][j]);
            gy[neg][j] += 2 * (y[a][j] - y[neg][j]);
          }
        }
      }
      if (active == 0) {
        return new double[] {0, triplets, 0};
      }
      float[] gw = new float[dim * dim];
      float[] gb = new float[dim];
      for (int i = 0; i < n; i++) {
        double dot = 0;
        for (int j = 0; j < dim; j++) {
          dot += y[i][j] * gy[i][j];
        }
        float[] x = xs.get(i);
        for (int j = 0; j < dim; j++) {
          float gz = (float) ((gy[i][j] - y[i][j] * dot) / norm[i] / triplets);
          if (gz == 0) {
            continue;
          }
          gb[j] += gz;
          int row = j * dim;
          for (int k = 0; k < dim; k++) {
            gw[row + k] += gz * x[k];
          }
        }
      }
      t++;
      double lr = o.learningRate() * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
      float decay = (float) o.weightDecay();
      for (int i = 0; i < w.length; i++) {
        float target = (i / dim == i % dim) ? 1f : 0f;
        float g = gw[i] + decay * (w[i] - target);
        mw[i] = 0.9f * mw[i] + 0.1f * g;
        vw[i] = 0.999f * vw[i] + 0.001f * g * g;
        w[i] -= (float) (lr * mw[i] / (Math.sqrt(vw[i]) + 1e-8));
      }
      for (int i = 0; i < dim; i++) {
        float g = gb[i] + decay * b[i];
        mb[i] = 0.9f * mb[i] + 0.1f * g;
        vb[i] = 0.999f * vb[i] + 0.001f * g * g;
        b[i] -= (float) (lr * mb[i] / (Math.sqrt(vb[i]) + 1e-8));
      }
      return new double[] {lossSum, triplets, active};
    }
  }
}
