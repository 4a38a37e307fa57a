package io.deepface.benchmarks.search;

import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.FacialArea;
import io.deepface.Representation;
import io.deepface.RepresentedImage;
import io.deepface.find.ExactVectorStore;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.find.FaceMatch;
import io.deepface.find.FaceRecord;
import io.deepface.find.FaceRecordStore;
import io.deepface.find.HnswVectorStore;
import io.deepface.find.Neighbor;
import io.deepface.find.VectorStore;
import io.deepface.find.VectorStoreConfig;
import io.deepface.find.VectorStores;
import io.deepface.image.ImageInput;
import io.deepface.internal.Sha256;
import io.deepface.model.ModelRepository;
import io.deepface.store.postgres.PostgresFaceStore;
import io.deepface.store.postgres.PostgresServer;
import io.deepface.store.solr.SolrFaceStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The face database stores measured side by side: the in-process {@code exact} and {@code hnsw} stores, PostgreSQL
 * (a real server this benchmark starts with {@code initdb}/{@code pg_ctl}, see {@code PostgresServer}) and SolrCloud
 * (a running cluster given by {@code --solr-url}; {@code face-stores.sh} starts a two-node one in its own JVM).
 *
 * <p>Part 1, identification on lfw-dev through each store: every identity with two or more photos enrols its first
 * photo (746), each other photo (1725) is a query; rank-1 through each store's {@link FaceDatabase} is compared with
 * the in-process exact store, query by query.
 *
 * <p>Part 2, scale: at each size ({@code --sizes 10000,100000}) register throughput (faces/s; one transaction or
 * commit per face as {@code FaceDatabase.register} does, over {@code --threads 4}, for the first
 * {@code --single 1000} faces; then bulk, batches of 1000) and search latency p50/p99 (k=10, {@code --queries 200}
 * queries one at a time) for each store, exact and approximate, and recall@10 of approximate search against exact.
 *
 * <p>Where the vectors come from: lfw-dev has 3 811 photos (of 2 086 people). Each is embedded once (the largest face, model
 * {@code --model}, default detector; cached in {@code --out}). 200 of these real embeddings are held out as queries;
 * the rest are stored, and the remaining faces up to each size are synthetic, made from the real ones: the unit
 * vector of {@code (r_p + r_q) / 2 + 0.3 g / sqrt(d)} for two random real embeddings {@code r_p, r_q} and a standard
 * Gaussian vector {@code g} (a new face between two real people, with noise), seeded. So the structure of the stored
 * set is that of real embeddings, but most of the 100 000 are not real faces.
 *
 * <pre>
 * deepface-benchmarks/face-stores.sh            (builds, starts SolrCloud, runs this, stops SolrCloud)
 * </pre>
 */
public final class FaceStoreBenchmark {
  private final Map<String, String> opts;
  private final FaceEngine engine;
  private final FaceOptions face;
  private final Path out;
  private final StringBuilder report = new StringBuilder();

  private FaceStoreBenchmark(Map<String, String> opts) {
    this.opts = opts;
    Path shared = Path.of(opts.getOrDefault("shared", "../shared"));
    this.engine = FaceEngine.builder().models(ModelRepository.builder().modelPath(List.of(shared.resolve("models")))
        .offline(true).build()).build();
    this.face = FaceOptions.builder().model(opts.getOrDefault("model", "mobilefacenet-128")).build();
    this.out = Path.of(opts.getOrDefault("out", "deepface-benchmarks/target/face-stores"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    new FaceStoreBenchmark(opts).run();
  }

  /** One embedded lfw-dev photo. */
  record Photo(String person, String file, String hash, Representation face) {}

  private void run() throws Exception {
    Files.createDirectories(out);
    List<Photo> photos = embedLfw(Path.of(opts.getOrDefault("shared", "../shared")).resolve("datasets/lfw-dev/images"));
    line("# Face database stores");
    line("");
    line(String.format(Locale.ROOT, "Model %s (%d-d), detector %s, metric %s; %d lfw-dev photos embedded; %d cores, "
        + "Java %s.", face.model(), photos.get(0).face().embedding().length, face.detector(),
        face.metric().deepFaceName(), photos.size(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version")));
    String solrUrl = opts.get("solr-url");
    try (PostgresServer pg = PostgresServer.start()) {
      identification(photos, pg, solrUrl);
      for (String n : opts.getOrDefault("sizes", "10000,100000").split(",")) {
        scale(photos, Integer.parseInt(n.strip()), pg, solrUrl);
      }
    }
    Files.writeString(out.resolve("face-stores.md"), report.toString());
    System.out.println("\nwritten " + out.resolve("face-stores.md"));
    engine.close();
  }

  private void line(String s) {
    report.append(s).append('\n');
    System.out.println(s);
  }

  // ---------------------------------------------------------------------------------------------- embeddings

  private List<Photo> embedLfw(Path root) throws IOException {
    Path cache = out.resolve("lfw-" + face.model() + ".bin");
    if (Files.exists(cache)) {
      return readCache(cache);
    }
    List<String[]> files = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.sorted().toList()) {
        try (Stream<Path> s = Files.list(d)) {
          s.filter(p -> p.toString().endsWith(".jpg")).sorted()
              .forEach(p -> files.add(new String[] {d.getFileName().toString(), p.toString()}));
        }
      }
    }
    List<Photo> photos = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < files.size(); i += 16) {
      List<String[]> chunk = files.subList(i, Math.min(files.size(), i + 16));
      List<ImageInput> inputs = new ArrayList<>();
      List<String> hashes = new ArrayList<>();
      for (String[] f : chunk) {
        byte[] bytes = Files.readAllBytes(Path.of(f[1]));
        inputs.add(ImageInput.of(bytes, f[1]));
        hashes.add(Sha256.hex(Sha256.of(bytes)));
      }
      List<RepresentedImage> reps = engine.represent(inputs, face);
      for (int j = 0; j < chunk.size(); j++) {
        if (reps.get(j).failed() || reps.get(j).faces().isEmpty()) {
          continue;
        }
        Representation best = reps.get(j).faces().stream()
            .max((a, b) -> Long.compare((long) a.facialArea().w() * a.facialArea().h(),
                (long) b.facialArea().w() * b.facialArea().h())).orElseThrow();
        photos.add(new Photo(chunk.get(j)[0], Path.of(chunk.get(j)[1]).getFileName().toString(), hashes.get(j), best));
      }
      if (i % 320 == 0) {
        System.out.printf(Locale.ROOT, "embedding lfw-dev: %d/%d%n", i, files.size());
      }
    }
    System.out.printf(Locale.ROOT, "embedded %d photos in %.0f s%n", files.size(), (System.nanoTime() - t0) / 1e9);
    try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(cache))) {
      o.writeInt(photos.size());
      for (Photo p : photos) {
        o.writeUTF(p.person());
        o.writeUTF(p.file());
        o.writeUTF(p.hash());
        FacialArea a = p.face().facialArea();
        o.writeUTF(io.deepface.find.FaceRecordCodec.area(a));
        o.writeDouble(p.face().faceConfidence());
        float[] v = p.face().embedding();
        o.writeInt(v.length);
        for (float x : v) {
          o.writeFloat(x);
        }
      }
    }
    return photos;
  }

  private static List<Photo> readCache(Path cache) throws IOException {
    List<Photo> photos = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(cache))) {
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String person = in.readUTF();
        String file = in.readUTF();
        String hash = in.readUTF();
        FacialArea a = io.deepface.find.FaceRecordCodec.area(in.readUTF());
        double conf = in.readDouble();
        float[] v = new float[in.readInt()];
        for (int j = 0; j < v.length; j++) {
          v[j] = in.readFloat();
        }
        photos.add(new Photo(person, file, hash, new Representation(v, a, conf)));
      }
    }
    return photos;
  }

  // ---------------------------------------------------------------------------------------- identification

  private FaceDatabaseOptions dbOptions() {
    return FaceDatabaseOptions.builder().face(face).faces(FaceDatabaseOptions.Faces.LARGEST).build();
  }

  private void identification(List<Photo> photos, PostgresServer pg, String solrUrl) throws Exception {
    Map<String, List<Photo>> people = new TreeMap<>();
    photos.forEach(p -> people.computeIfAbsent(p.person(), k -> new ArrayList<>()).add(p));
    List<Photo> enrol = new ArrayList<>();
    List<Photo> queries = new ArrayList<>();
    for (List<Photo> ps : people.values()) {
      if (ps.size() >= 2) {
        enrol.add(ps.get(0));
        queries.addAll(ps.subList(1, ps.size()));
      }
    }
    int dim = photos.get(0).face().embedding().length;
    line("");
    line("## Identification on lfw-dev through each store");
    line("");
    line(String.format(Locale.ROOT, "%d enrolled (first photo of each person with two or more), %d queries; "
        + "rank-1 through FaceDatabase; 'same as exact' counts the queries whose top match is the in-process exact "
        + "store's.", enrol.size(), queries.size()));
    line("");
    line("| store | search | rank-1 | same top-1 as exact | register (s) | query p50 (ms) |");
    line("|---|---|---|---|---|---|");
    List<String> reference = null;
    Map<String, Supplier<VectorStore>> stores = new java.util.LinkedHashMap<>();
    stores.put("exact (in-process)", () -> new ExactVectorStore(dim, face.metric()));
    Path hnswDir = Files.createTempDirectory("deepface-bench-hnsw");
    stores.put("hnsw (in-process)", () -> VectorStores.open(VectorStores.HNSW, new VectorStoreConfig(dim, face.metric(),
        hnswDir, Map.of())));
    stores.put("postgres", () -> pgStore(pg, "lfw_ident", dim));
    if (solrUrl != null) {
      stores.put("solr exact", () -> solrStore(solrUrl, "lfw_ident", dim, "exact"));
      stores.put("solr approximate", () -> solrStore(solrUrl, "lfw_ident", dim, "approximate"));
    }
    for (Map.Entry<String, Supplier<VectorStore>> e : stores.entrySet()) {
      try (VectorStore s = e.getValue().get(); FaceDatabase db = FaceDatabase.open(engine, s, dbOptions())) {
        long t0 = System.nanoTime();
        if (!e.getKey().equals("solr approximate")) { // The approximate view reads the collection the exact one filled.
          if (s instanceof FaceRecordStore r && db.count() > 0) {
            r.clear();
          }
          for (Photo p : enrol) {
            db.register(p.hash(), p.person(), List.of(p.face()), Map.of());
          }
        }
        double registerSeconds = (System.nanoTime() - t0) / 1e9;
        List<String> top = new ArrayList<>();
        long[] times = new long[queries.size()];
        int right = 0;
        for (int i = 0; i < queries.size(); i++) {
          long q0 = System.nanoTime();
          List<FaceMatch> m = db.search(queries.get(i).face().embedding(), 1, OptionalDouble.of(2.0));
          times[i] = System.nanoTime() - q0;
          String name = m.isEmpty() ? "" : m.get(0).name();
          top.add(name);
          right += name.equals(queries.get(i).person()) ? 1 : 0;
        }
        if (reference == null) {
          reference = top;
        }
        int same = 0;
        for (int i = 0; i < top.size(); i++) {
          same += top.get(i).equals(reference.get(i)) ? 1 : 0;
        }
        Arrays.sort(times);
        line(String.format(Locale.ROOT, "| %s | %s | %.2f%% (%d/%d) | %d/%d | %.1f | %.2f |", e.getKey(),
            e.getKey().contains("approx") || e.getKey().startsWith("hnsw") ? "approximate" : "exact",
            100.0 * right / queries.size(), right, queries.size(), same, top.size(), registerSeconds,
            times[times.length / 2] / 1e6));
      }
    }
  }

  private PostgresFaceStore pgStore(PostgresServer pg, String table, int dim) {
    return PostgresFaceStore.open(new VectorStoreConfig(dim, face.metric(), null, Map.of("url", pg.url(),
        "table", table)));
  }

  private SolrFaceStore solrStore(String url, String collection, int dim, String search) {
    return SolrFaceStore.open(new VectorStoreConfig(dim, face.metric(), null, Map.of("url", url, "collection",
        collection, "shards", "2", "replicas", "1", "search", search, "overfetch",
        opts.getOrDefault("overfetch", "10"))));
  }

  // ------------------------------------------------------------------------------------------------- scale

  private void scale(List<Photo> photos, int size, PostgresServer pg, String solrUrl) throws Exception {
    int dim = photos.get(0).face().embedding().length;
    Random rnd = new Random(42);
    List<Photo> shuffled = new ArrayList<>(photos);
    java.util.Collections.shuffle(shuffled, rnd);
    int nq = Integer.parseInt(opts.getOrDefault("queries", "200"));
    List<float[]> queries = shuffled.subList(0, nq).stream().map(p -> unit(p.face().embedding())).toList();
    List<float[]> real = shuffled.subList(nq, shuffled.size()).stream().map(p -> unit(p.face().embedding())).toList();
    List<FaceRecord> records = new ArrayList<>(size);
    FacialArea area = new FacialArea(0, 0, 100, 100, null, null, null, null, null);
    for (int i = 0; i < size; i++) {
      float[] v;
      if (i < real.size()) {
        v = real.get(i);
      } else {
        float[] a = real.get(rnd.nextInt(real.size()));
        float[] b = real.get(rnd.nextInt(real.size()));
        v = new float[dim];
        for (int j = 0; j < dim; j++) {
          v[j] = (a[j] + b[j]) / 2 + (float) (0.3 * rnd.nextGaussian() / Math.sqrt(dim));
        }
        v = unit(v);
      }
      String hash = String.format(Locale.ROOT, "%064x", i + 1L);
      records.add(new FaceRecord(FaceRecord.idOf(hash, 0), "p" + i, hash, 0, area, 1, Map.of(), v));
    }
    // Exact ground truth.
    ExactVectorStore truth = new ExactVectorStore(dim, face.metric());
    List<List<String>> exactTop = new ArrayList<>();
    truth.addAll(records.stream().map(FaceRecord::id).toList(), records.stream().map(FaceRecord::embedding).toList());
    for (float[] q : queries) {
      exactTop.add(truth.search(q, 10).stream().map(Neighbor::id).toList());
    }
    line("");
    line(String.format(Locale.ROOT, "## %,d stored faces (%d real lfw-dev embeddings, %d synthetic)", size,
        Math.min(size, real.size()), Math.max(0, size - real.size())));
    line("");
    line("| store | search | register one per transaction (faces/s) | bulk load (faces/s) | first search (ms) "
        + "| p50 (ms) | p99 (ms) | recall@10 |");
    line("|---|---|---|---|---|---|---|---|");
    int single = Integer.parseInt(opts.getOrDefault("single", "1000"));
    int threads = Integer.parseInt(opts.getOrDefault("threads", "4"));

    // In-process exact.
    ExactVectorStore exact = new ExactVectorStore(dim, face.metric());
    long t0 = System.nanoTime();
    for (FaceRecord r : records) {
      exact.add(r.id(), r.embedding());
    }
    double exactRate = size / ((System.nanoTime() - t0) / 1e9);
    measure("exact (in-process)", "exact", exact, queries, exactTop, Double.NaN, exactRate);

    // In-process HNSW.
    Path hnswDir = Files.createTempDirectory("deepface-bench-hnsw");
    try (HnswVectorStore hnsw = (HnswVectorStore) VectorStores.open(VectorStores.HNSW,
        new VectorStoreConfig(dim, face.metric(), hnswDir, Map.of()))) {
      t0 = System.nanoTime();
      for (int i = 0; i < size; i += 1000) {
        List<FaceRecord> chunk = records.subList(i, Math.min(size, i + 1000));
        hnsw.addAll(chunk.stream().map(FaceRecord::id).toList(), chunk.stream().map(FaceRecord::embedding).toList());
      }
      hnsw.commit("bench");
      double rate = size / ((System.nanoTime() - t0) / 1e9);
      measure("hnsw (in-process)", "approximate", hnsw, queries, exactTop, Double.NaN, rate);
    }

    // PostgreSQL.
    String table = "scale_" + size;
    try (PostgresFaceStore s = pgStore(pg, table, dim)) {
      s.clear();
      double singleRate = singles(s, records.subList(0, Math.min(single, size)), threads);
      t0 = System.nanoTime();
      for (int i = Math.min(single, size); i < size; i += 1000) {
        s.putAll(records.subList(i, Math.min(size, i + 1000)));
      }
      double bulkRate = (size - Math.min(single, size)) / ((System.nanoTime() - t0) / 1e9);
      // A fresh store (another server) loads the table on its first search.
      try (PostgresFaceStore fresh = pgStore(pg, table, dim)) {
        measure("postgres", "exact", fresh, queries, exactTop, singleRate, bulkRate);
      }
    }

    if (solrUrl != null) {
      String collection = "scale_" + size;
      try (SolrFaceStore s = solrStore(solrUrl, collection, dim, "exact")) {
        s.clear();
        int solrSingle = Math.min(Integer.parseInt(opts.getOrDefault("solr-single", "300")), size);
        double singleRate = singles(s, records.subList(0, solrSingle), threads);
        t0 = System.nanoTime();
        for (int i = solrSingle; i < size; i += 1000) {
          s.putAll(records.subList(i, Math.min(size, i + 1000)));
        }
        double bulkRate = (size - solrSingle) / ((System.nanoTime() - t0) / 1e9);
        measure("solr", "exact", s, queries, exactTop, singleRate, bulkRate);
      }
      try (SolrFaceStore s = solrStore(solrUrl, collection, dim, "approximate")) {
        measure("solr", "approximate (kNN, over-fetch " + opts.getOrDefault("overfetch", "10") + ", re-ranked)", s,
            queries, exactTop, Double.NaN, Double.NaN);
      }
    }
  }

  /** Faces per second registering {@code records} one per transaction/commit, on {@code threads} threads. */
  private static double singles(FaceRecordStore s, List<FaceRecord> records, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long t0 = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        fs.add(pool.submit(() -> {
          for (int i = me; i < records.size(); i += threads) {
            s.putImage(records.get(i).imageHash(), List.of(records.get(i)));
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      return records.size() / ((System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  private void measure(String name, String search, VectorStore s, List<float[]> queries, List<List<String>> exactTop,
      double singleRate, double bulkRate) {
    long f0 = System.nanoTime();
    s.search(queries.get(0), 10);
    double first = (System.nanoTime() - f0) / 1e6;
    for (int i = 1; i < Math.min(20, queries.size()); i++) {
      s.search(queries.get(i), 10); // Warm-up.
    }
    long[] times = new long[queries.size()];
    int found = 0;
    int wanted = 0;
    for (int i = 0; i < queries.size(); i++) {
      long t0 = System.nanoTime();
      List<Neighbor> hits = s.search(queries.get(i), 10);
      times[i] = System.nanoTime() - t0;
      Set<String> ids = new HashSet<>();
      hits.forEach(h -> ids.add(h.id()));
      for (String id : exactTop.get(i)) {
        wanted++;
        found += ids.contains(id) ? 1 : 0;
      }
    }
    Arrays.sort(times);
    line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f | %.2f | %.2f | %.3f |", name, search, rate(singleRate),
        rate(bulkRate), first, times[times.length / 2] / 1e6, times[(int) Math.ceil(times.length * 0.99) - 1] / 1e6,
        (double) found / wanted));
  }

  private static String rate(double r) {
    return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%,.0f", r);
  }

  private static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    float k = (float) (1 / Math.sqrt(n));
    float[] o = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      o[i] = v[i] * k;
    }
    return o;
  }

}
