package io.deepface.adapt;

import io.deepface.internal.AtomicFiles;
import io.deepface.internal.Sha256;
import io.deepface.verify.Vectors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A learned linear map on top of a frozen embedder: {@code y = normalise(W * normalise(x) + b)}, where {@code x} is
 * the base embedder's vector. Made by {@link TripletTrainer}; used as the embedder {@code <base>+adapter:<file>}
 * (see {@link AdaptedEmbedder}). Immutable and thread-safe.
 *
 * <p>File format (big-endian): magic {@code DFAD}, version 1, the base embedder's name (modified UTF-8), input and
 * output dimensions, {@code out * in} weights row by row, {@code out} biases (floats), and a free-text description
 * of how it was trained; then the SHA-256 of everything before it. Written to a temporary file and moved into place.
 *
 * @param baseEmbedder the name of the embedder whose vectors it maps
 * @param inputDimension length of the base vectors
 * @param outputDimension length of the mapped vectors
 * @param weights {@code outputDimension x inputDimension}, row-major
 * @param bias {@code outputDimension} values
 * @param description how it was trained (data, epochs, loss), for people
 */
public record EmbeddingAdapter(String baseEmbedder, int inputDimension, int outputDimension, float[] weights,
    float[] bias, String description) {
  private static final int MAGIC = 0x44464144; // "DFAD"
  private static final int VERSION = 1;

  public EmbeddingAdapter {
    Objects.requireNonNull(baseEmbedder, "baseEmbedder");
    Objects.requireNonNull(description, "description");
    if (baseEmbedder.isBlank() || baseEmbedder.contains("+adapter:")) {
      throw new IllegalArgumentException("the base embedder must be a plain embedder name, got '" + baseEmbedder + "'");
    }
    if (inputDimension < 1 || outputDimension < 1) {
      throw new IllegalArgumentException("dimensions must be positive");
    }
    if (weights.length != (long) inputDimension * outputDimension || bias.length != outputDimension) {
      throw new IllegalArgumentException("weights must hold " + inputDimension * outputDimension + " values and bias "
          + outputDimension + "; got " + weights.length + " and " + bias.length);
    }
    weights = weights.clone();
    bias = bias.clone();
  }

  /** The identity map: the adapter that changes nothing (training starts here). */
  public static EmbeddingAdapter identity(String baseEmbedder, int dimension) {
    float[] w = new float[dimension * dimension];
    for (int i = 0; i < dimension; i++) {
      w[i * dimension + i] = 1;
    }
    return new EmbeddingAdapter(baseEmbedder, dimension, dimension, w, new float[dimension], "identity");
  }

  /** The mapped, unit-length vector of a base vector. */
  public float[] apply(float[] base) {
    if (base.length != inputDimension) {
      throw new IllegalArgumentException("the adapter takes " + inputDimension + "-d vectors of " + baseEmbedder
          + ", got " + base.length);
    }
    float[] x = Vectors.normalize(base);
    float[] y = new float[outputDimension];
    for (int o = 0; o < outputDimension; o++) {
      double s = bias[o];
      int row = o * inputDimension;
      for (int i = 0; i < inputDimension; i++) {
        s += weights[row + i] * x[i];
      }
      y[o] = (float) s;
    }
    return Vectors.normalize(y);
  }

  @Override
  public float[] weights() {
    return weights.clone();
  }

  @Override
  public float[] bias() {
    return bias.clone();
  }

  /** The file's bytes, checksum included. */
  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(baseEmbedder);
      out.writeInt(inputDimension);
      out.writeInt(outputDimension);
      for (float w : weights) {
        out.writeFloat(w);
      }
      for (float b : bias) {
        out.writeFloat(b);
      }
      out.writeUTF(description.length() > 20_000 ? description.substring(0, 20_000) : description);
      out.flush();
      out.write(Sha256.of(bytes.toByteArray()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** SHA-256 of the file's bytes, in hex: what cache keys use to tell adapters apart. */
  public String sha256() {
    return Sha256.hex(Sha256.of(toBytes()));
  }

  /**
   * Writes the adapter to {@code file} atomically (a temporary file beside it, then a move).
   *
   * @throws AdapterException when it cannot be written (nothing is left behind)
   */
  public void save(Path file) {
    try {
      AtomicFiles.write(file, tmp -> Files.write(tmp, toBytes()));
    } catch (IOException e) {
      throw new AdapterException("cannot write adapter " + file + ": " + e, e);
    }
  }

  /**
   * Reads an adapter written by {@link #save}.
   *
   * @throws AdapterException when the file is missing, not an adapter, truncated or damaged (checksum)
   */
  public static EmbeddingAdapter load(Path file) {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new AdapterException("adapter file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new AdapterException("cannot read adapter file " + file + ": " + e, e);
    }
    if (data.length < 8 + 32) {
      throw new AdapterException("adapter file " + file + " is too short to be an adapter (" + data.length + " bytes)");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readInt() != MAGIC) {
        throw new AdapterException(file + " is not an embedding adapter (no DFAD header)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new AdapterException(file + " is an adapter of version " + version + "; this library reads version "
            + VERSION);
      }
      String base = in.readUTF();
      int inDim = in.readInt();
      int outDim = in.readInt();
      if (inDim < 1 || outDim < 1 || (long) inDim * outDim > 64L * 1024 * 1024) {
        throw new AdapterException(file + " declares absurd dimensions " + inDim + " x " + outDim);
      }
      float[] w = new float[inDim * outDim];
      for (int i = 0; i < w.length; i++) {
        w[i] = in.readFloat();
      }
      float[] b = new float[outDim];
      for (int i = 0; i < b.length; i++) {
        b[i] = in.readFloat();
      }
      String description = in.readUTF();
      int bodyLength = data.length - in.available();
      byte[] stored = in.readNBytes(32);
      byte[] actual = Sha256.of(java.util.Arrays.copyOf(data, bodyLength));
      if (stored.length != 32 || !java.security.MessageDigest.isEqual(stored, actual) || in.available() != 0) {
        throw new AdapterException("adapter file " + file + " is damaged (checksum mismatch)");
      }
      return new EmbeddingAdapter(base, inDim, outDim, w, b, description);
    } catch (EOFException e) {
      throw new AdapterException("adapter file " + file + " is truncated", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new AdapterException("adapter file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }
}
