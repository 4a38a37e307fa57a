package io.deepface.testing;

import io.deepface.analysis.Age;
import io.deepface.analysis.AntiSpoof;
import io.deepface.analysis.AttributeValue;
import io.deepface.analysis.FaceAttribute;
import io.deepface.analysis.Gender;
import io.deepface.face.DetectedFace;
import io.deepface.face.FaceBox;
import io.deepface.face.FaceLandmarks;
import io.deepface.face.Point;
import io.deepface.image.RgbImage;
import io.deepface.spi.AlignmentSpec;
import io.deepface.spi.AttributeModel;
import io.deepface.spi.BackendContext;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.ComponentKind;
import io.deepface.spi.DeepFaceBackend;
import io.deepface.spi.FaceDetector;
import io.deepface.spi.FaceEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A backend without models, for testing the engine's own rules fast: its detector returns whatever faces the test
 * says, its embedder turns a crop into its mean colour (so faces painted in different colours get different vectors),
 * and its attribute models read the mean brightness of the face. Every call is counted.
 *
 * <ul>
 *   <li>detector {@code stub}: {@link #faces} decides the faces per image; records the minimum confidence asked;</li>
 *   <li>embedder {@code stub}: 3-d vectors, the mean R, G, B of the aligned crop;</li>
 *   <li>attribute models {@code stub-age-gender} (AGE and GENDER in one call; age = brightness / 4) and
 *       {@code minifasnet} (SPOOF, the name the engine's anti-spoofing uses: real when the face is brighter
 *       than 40 of 255).</li>
 * </ul>
 */
public final class StubBackend implements DeepFaceBackend {
  /** The default backend name. */
  public static final String NAME = "stub";
  /** The stub detector's default minimum confidence. */
  public static final double DEFAULT_CONFIDENCE = 0.5;

  /** The faces the detector returns for an image (default: none). */
  public volatile Function<RgbImage, List<DetectedFace>> faces = img -> List.of();
  /** The minimum confidence of every detect call, in order. */
  public final List<Double> minConfidences = new CopyOnWriteArrayList<>();
  public final AtomicInteger detections = new AtomicInteger();
  public final AtomicInteger embedCalls = new AtomicInteger();
  public final AtomicInteger embeddedFaces = new AtomicInteger();
  /** Predict calls per attribute model name. */
  public final Map<String, AtomicInteger> predictions = new ConcurrentHashMap<>();
  /** Components closed so far, by name. */
  public final List<String> closed = new CopyOnWriteArrayList<>();
  private final String name;

  /** A stub backend called {@link #NAME}. */
  public StubBackend() {
    this(NAME);
  }

  /** A stub backend of another name, offering the same components (to stand for a second backend). */
  public StubBackend(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<ComponentInfo> components() {
    return List.of(componentInfo(ComponentKind.DETECTOR, "stub"), componentInfo(ComponentKind.EMBEDDER, "stub"),
        componentInfo(ComponentKind.ATTRIBUTE, "stub-age-gender"),
        componentInfo(ComponentKind.ATTRIBUTE, "minifasnet"));
  }

  private ComponentInfo componentInfo(ComponentKind kind, String component) {
    return new ComponentInfo(kind, component, name, "stub " + component, List.of());
  }

  /** A face box with five plausible landmarks inside it. */
  public static DetectedFace face(double x, double y, double w, double h, double confidence) {
    return new DetectedFace(new FaceBox(x, y, w, h), confidence, new FaceLandmarks(
        new Point(x + 0.3 * w, y + 0.4 * h), new Point(x + 0.7 * w, y + 0.4 * h), new Point(x + 0.5 * w, y + 0.6 * h),
        new Point(x + 0.35 * w, y + 0.8 * h), new Point(x + 0.65 * w, y + 0.8 * h)));
  }

  /** A {@code w} x {@code h} image of one colour. */
  public static RgbImage plain(int w, int h, int r, int g, int b) {
    byte[] data = new byte[w * h * 3];
    for (int i = 0; i < w * h; i++) {
      data[3 * i] = (byte) r;
      data[3 * i + 1] = (byte) g;
      data[3 * i + 2] = (byte) b;
    }
    return RgbImage.wrap(w, h, data);
  }

  /** {@code image} with the rectangle painted in one colour. */
  public static RgbImage paint(RgbImage image, int x, int y, int w, int h, int r, int g, int b) {
    byte[] data = image.data().clone();
    for (int yy = y; yy < y + h; yy++) {
      for (int xx = x; xx < x + w; xx++) {
        int i = (yy * image.width() + xx) * 3;
        data[i] = (byte) r;
        data[i + 1] = (byte) g;
        data[i + 2] = (byte) b;
      }
    }
    return RgbImage.wrap(image.width(), image.height(), data);
  }

  static double[] mean(RgbImage img, FaceBox box) {
    FaceBox b = box.clampTo(img.width(), img.height());
    double[] sum = new double[3];
    int n = 0;
    for (int y = (int) b.y(); y < (int) b.bottom(); y++) {
      for (int x = (int) b.x(); x < (int) b.right(); x++) {
        int i = (y * img.width() + x) * 3;
        for (int c = 0; c < 3; c++) {
          sum[c] += img.data()[i + c] & 0xff;
        }
        n++;
      }
    }
    for (int c = 0; c < 3; c++) {
      sum[c] /= Math.max(1, n);
    }
    return sum;
  }

  @Override
  public FaceDetector createDetector(String name, BackendContext context) {
    return new FaceDetector() {
      @Override
      public List<DetectedFace> detect(RgbImage image, double minConfidence) {
        detections.incrementAndGet();
        minConfidences.add(minConfidence);
        return faces.apply(image).stream().filter(f -> f.confidence() >= minConfidence).toList();
      }

      @Override
      public double defaultConfidence() {
        return DEFAULT_CONFIDENCE;
      }

      @Override
      public ComponentInfo info() {
        return componentInfo(ComponentKind.DETECTOR, name);
      }

      @Override
      public void close() {
        closed.add("detector " + name);
      }
    };
  }

  @Override
  public FaceEmbedder createEmbedder(String name, BackendContext context) {
    return new FaceEmbedder() {
      @Override
      public int dimension() {
        return 3;
      }

      @Override
      public AlignmentSpec alignment() {
        return AlignmentSpec.ARCFACE_112;
      }

      @Override
      public float[][] embed(List<RgbImage> alignedFaces) {
        embedCalls.incrementAndGet();
        embeddedFaces.addAndGet(alignedFaces.size());
        float[][] out = new float[alignedFaces.size()][];
        for (int i = 0; i < out.length; i++) {
          RgbImage c = alignedFaces.get(i);
          // The centre of the crop: the face itself, whatever the alignment put around it.
          double[] m = mean(c, new FaceBox(c.width() * 0.35, c.height() * 0.35, c.width() * 0.3, c.height() * 0.3));
          out[i] = new float[] {(float) m[0], (float) m[1], (float) m[2]};
        }
        return out;
      }

      @Override
      public ComponentInfo info() {
        return componentInfo(ComponentKind.EMBEDDER, name);
      }

      @Override
      public void close() {
        closed.add("embedder " + name);
      }
    };
  }

  @Override
  public AttributeModel createAttributeModel(String name, BackendContext context) {
    Set<FaceAttribute> attributes = name.equals("minifasnet") ? Set.of(FaceAttribute.SPOOF)
        : Set.of(FaceAttribute.AGE, FaceAttribute.GENDER);
    return new AttributeModel() {
      @Override
      public Set<FaceAttribute> attributes() {
        return attributes;
      }

      @Override
      public List<AttributeValue> predict(RgbImage image, DetectedFace face) {
        predictions.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        double[] m = mean(image, face.box());
        double brightness = (m[0] + m[1] + m[2]) / 3;
        List<AttributeValue> out = new ArrayList<>();
        if (attributes.contains(FaceAttribute.SPOOF)) {
          double real = brightness > 40 ? 0.9 : 0.1;
          out.add(new AntiSpoof(real > 0.5, real, real));
        } else {
          out.add(new Age(brightness / 4));
          out.add(new Gender(30, 70));
        }
        return out;
      }

      @Override
      public ComponentInfo info() {
        return componentInfo(ComponentKind.ATTRIBUTE, name);
      }

      @Override
      public void close() {
        closed.add("attribute model " + name);
      }
    };
  }
}
