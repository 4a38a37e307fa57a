package io.deepface.onnx.find;

import io.deepface.face.DetectedFace;
import io.deepface.image.RgbImage;
import io.deepface.onnx.OnnxBackend;
import io.deepface.spi.AlignmentSpec;
import io.deepface.spi.BackendContext;
import io.deepface.spi.ComponentInfo;
import io.deepface.spi.DeepFaceBackend;
import io.deepface.spi.FaceDetector;
import io.deepface.spi.FaceEmbedder;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ONNX backend with every detector and embedder call counted: how the tests check that a sync embeds
 * only what changed. The models are the real ones; only the counting is added.
 */
final class CountingBackend implements DeepFaceBackend {
  private final OnnxBackend delegate = new OnnxBackend();
  /** Images given to a detector. */
  final AtomicInteger detections = new AtomicInteger();
  /** Calls of an embedder's {@code embed}. */
  final AtomicInteger embedCalls = new AtomicInteger();
  /** Faces given to an embedder. */
  final AtomicInteger embeddedFaces = new AtomicInteger();

  /** When positive, the embed call with this number (from 1, counted since the last reset) fails. */
  final AtomicInteger failingEmbedCall = new AtomicInteger();

  void reset() {
    detections.set(0);
    embedCalls.set(0);
    embeddedFaces.set(0);
    failingEmbedCall.set(0);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public int rank() {
    return delegate.rank();
  }

  @Override
  public void checkAvailable() throws Exception {
    delegate.checkAvailable();
  }

  @Override
  public List<ComponentInfo> components() {
    return delegate.components();
  }

  @Override
  public FaceDetector createDetector(String name, BackendContext context) {
    FaceDetector d = delegate.createDetector(name, context);
    return new FaceDetector() {
      @Override
      public List<DetectedFace> detect(RgbImage image, double minConfidence) {
        detections.incrementAndGet();
        return d.detect(image, minConfidence);
      }

      @Override
      public double defaultConfidence() {
        return d.defaultConfidence();
      }

      @Override
      public ComponentInfo info() {
        return d.info();
      }

      @Override
      public void close() {
        d.close();
      }
    };
  }

  @Override
  public FaceEmbedder createEmbedder(String name, BackendContext context) {
    FaceEmbedder e = delegate.createEmbedder(name, context);
    return new FaceEmbedder() {
      @Override
      public int dimension() {
        return e.dimension();
      }

      @Override
      public AlignmentSpec alignment() {
        return e.alignment();
      }

      @Override
      public float[][] embed(List<RgbImage> alignedFaces) {
        if (embedCalls.incrementAndGet() == failingEmbedCall.get()) {
          throw new IllegalStateException("simulated failure of the embedding model");
        }
        embeddedFaces.addAndGet(alignedFaces.size());
        return e.embed(alignedFaces);
      }

      @Override
      public ComponentInfo info() {
        return e.info();
      }

      @Override
      public void close() {
        e.close();
      }
    };
  }
}
