import io.deepface.AnalyzeOptions;
import io.deepface.FaceEngine;
import io.deepface.FaceOptions;
import io.deepface.image.ImageInput;
import io.deepface.model.ModelRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One measurement of one build of the library, for compare.sh, which runs it with the classpath of each build in
 * turn (Java's source launcher compiles it against that classpath, so it uses only API both builds have).
 *
 * <pre>
 * java -cp CLASSPATH SideBySide.java SCENARIO LFW_IMAGES_DIR [ITERATIONS]
 * </pre>
 *
 * Scenarios: {@code verify} (two photos of one person), {@code represent} and {@code analyze} (age, gender, emotion)
 * of one photo, each with the build's default options, timed call by call on one thread after a warm-up; and
 * {@code throughput-T}: T threads calling represent on distinct photos for a fixed time. Prints one line
 * {@code RESULT scenario value unit}: the median milliseconds per call, or faces per second.
 */
public class SideBySide {
  public static void main(String[] args) throws Exception {
    String scenario = args[0];
    Path lfw = Path.of(args[1]);
    int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    List<Path> photos = photos(lfw, 48);
    byte[] a = Files.readAllBytes(lfw.resolve("Aaron_Sorkin/Aaron_Sorkin_0001.jpg"));
    byte[] b = Files.readAllBytes(lfw.resolve("Aaron_Sorkin/Aaron_Sorkin_0002.jpg"));
    try (FaceEngine engine = FaceEngine.builder().models(ModelRepository.fromEnvironment()).build()) {
      if (scenario.startsWith("throughput-")) {
        int threads = Integer.parseInt(scenario.substring("throughput-".length()));
        double facesPerSecond = throughput(engine, photos, threads);
        System.out.printf(Locale.ROOT, "RESULT %s %.2f faces/s%n", scenario, facesPerSecond);
        return;
      }
      Runnable call = switch (scenario) {
        case "verify" -> () -> engine.verify(ImageInput.of(a), ImageInput.of(b), FaceOptions.defaults());
        case "represent" -> () -> engine.represent(ImageInput.of(a), FaceOptions.defaults());
        case "analyze" -> () -> engine.analyze(ImageInput.of(a), AnalyzeOptions.defaults(), FaceOptions.defaults());
        default -> throw new IllegalArgumentException("unknown scenario " + scenario);
      };
      for (int i = 0; i < Math.max(10, iterations / 5); i++) {
        call.run();
      }
      double[] ms = new double[iterations];
      for (int i = 0; i < iterations; i++) {
        long t0 = System.nanoTime();
        call.run();
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      System.out.printf(Locale.ROOT, "RESULT %s %.3f ms%n", scenario, ms[iterations / 2]);
    }
  }

  private static List<Path> photos(Path lfw, int n) throws Exception {
    try (Stream<Path> s = Files.walk(lfw)) {
      return s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(n).toList();
    }
  }

  /** Faces per second of {@code threads} threads representing distinct photos for eight seconds after a warm-up. */
  private static double throughput(FaceEngine engine, List<Path> photos, int threads) throws Exception {
    List<byte[]> bytes = new ArrayList<>();
    for (Path p : photos) {
      bytes.add(Files.readAllBytes(p));
    }
    for (byte[] photo : bytes.subList(0, 8)) {
      engine.represent(ImageInput.of(photo), FaceOptions.defaults().toBuilder().enforceDetection(false).build());
    }
    AtomicLong faces = new AtomicLong();
    long warmUntil = System.nanoTime() + 3_000_000_000L;
    long stopAt = warmUntil + 8_000_000_000L;
    CountDownLatch done = new CountDownLatch(threads);
    long[] counted = new long[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread worker = new Thread(() -> {
        FaceOptions options = FaceOptions.defaults().toBuilder().enforceDetection(false).build();
        int i = id;
        while (System.nanoTime() < stopAt) {
          int n = engine.represent(ImageInput.of(bytes.get(i % bytes.size())), options).size();
          long now = System.nanoTime();
          if (now > warmUntil && now <= stopAt) {
            counted[id] += n;
          }
          i += threads;
        }
        done.countDown();
      });
      worker.start();
    }
    done.await();
    for (long c : counted) {
      faces.addAndGet(c);
    }
    return faces.get() / 8.0;
  }
}
