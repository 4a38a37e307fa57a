package io.deepface.image;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an image comes from. Every public entry point that takes an image takes one of these; create
 * it with the static factories. {@link #description()} names the input in error messages.
 *
 * <p>Encoded inputs (file, bytes, stream, base64) are decoded by {@link ImageDecoder}: JPEG (CMYK,
 * progressive and grey included), PNG (16-bit, alpha, palette), BMP, GIF (first frame), WebP and TIFF, with
 * EXIF orientation applied.
 */
public sealed interface ImageInput
    permits ImageInput.FileInput, ImageInput.BytesInput, ImageInput.StreamInput, ImageInput.Base64Input,
        ImageInput.BufferedImageInput, ImageInput.DecodedInput {

  /** Words that identify this input in messages, for example {@code file /data/a.jpg}. */
  String description();

  static ImageInput of(Path path) {
    return new FileInput(path);
  }

  static ImageInput of(byte[] encoded) {
    return new BytesInput(encoded, "byte[" + Objects.requireNonNull(encoded, "encoded").length + "]");
  }

  /** Encoded bytes with a name of the caller's choice for messages (an upload's file name, say). */
  static ImageInput of(byte[] encoded, String name) {
    return new BytesInput(encoded, name);
  }

  /** An encoded stream; it is read to its end (within {@link ImageLimits#maxBytes()}) but not closed. */
  static ImageInput of(InputStream stream) {
    return new StreamInput(stream, "input stream");
  }

  static ImageInput of(BufferedImage image) {
    return new BufferedImageInput(image);
  }

  /** An image already decoded; it is used as it is (no copy, no limit check). */
  static ImageInput of(RgbImage image) {
    Objects.requireNonNull(image, "image");
    return new DecodedInput(image, "RGB image " + image.width() + "x" + image.height());
  }

  /** An image already decoded, with a name of the caller's choice for messages (its file name, say). */
  static ImageInput of(RgbImage image, String name) {
    return new DecodedInput(image, name);
  }

  /** A base64 image, either a data URI ({@code data:image/jpeg;base64,...}) or bare base64. */
  static ImageInput ofBase64(String base64) {
    return new Base64Input(base64);
  }

  /**
   * A string as DeepFace takes it: a {@code data:} URI is decoded as base64, anything else is a file
   * path.
   */
  static ImageInput parse(String pathOrDataUri) {
    Objects.requireNonNull(pathOrDataUri, "pathOrDataUri");
    if (pathOrDataUri.regionMatches(true, 0, "data:", 0, 5)) {
      return ofBase64(pathOrDataUri);
    }
    return of(Path.of(pathOrDataUri));
  }

  record FileInput(Path path) implements ImageInput {
    public FileInput {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String description() {
      return "file " + path;
    }
  }

  record BytesInput(byte[] encoded, String name) implements ImageInput {
    public BytesInput {
      Objects.requireNonNull(encoded, "encoded");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String description() {
      return name;
    }
  }

  record StreamInput(InputStream stream, String name) implements ImageInput {
    public StreamInput {
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String description() {
      return name;
    }
  }

  record Base64Input(String base64) implements ImageInput {
    public Base64Input {
      Objects.requireNonNull(base64, "base64");
    }

    @Override
    public String description() {
      return "base64 image (" + base64.length() + " characters)";
    }
  }

  record BufferedImageInput(BufferedImage image) implements ImageInput {
    public BufferedImageInput {
      Objects.requireNonNull(image, "image");
    }

    @Override
    public String description() {
      return "BufferedImage " + image.getWidth() + "x" + image.getHeight();
    }
  }

  record DecodedInput(RgbImage image, String name) implements ImageInput {
    public DecodedInput {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String description() {
      return name;
    }
  }
}
