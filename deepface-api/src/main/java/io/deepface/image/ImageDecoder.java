package io.deepface.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes any {@link ImageInput} into an upright {@link RgbImage}, within {@link ImageLimits}.
 *
 * <p>Guarantees: the pixel count is checked from the header before pixels are allocated; empty,
 * truncated, corrupt, non-image and unsupported inputs raise {@link InvalidImageException} (never an
 * {@link Error} or a raw {@link IOException}); EXIF orientation is applied. Thread-safe.
 */
public final class ImageDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);
  private static final ImageDecoder DEFAULT = new ImageDecoder(ImageLimits.defaults());

  private final ImageLimits limits;

  public ImageDecoder(ImageLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** A decoder with {@link ImageLimits#defaults()}. */
  public static ImageDecoder defaults() {
    return DEFAULT;
  }

  public ImageLimits limits() {
    return limits;
  }

  public RgbImage decode(ImageInput input) {
    Objects.requireNonNull(input, "input");
    String what = input.description();
    if (input instanceof ImageInput.DecodedInput d) {
      return d.image();
    }
    if (input instanceof ImageInput.BufferedImageInput b) {
      checkPixels(what, b.image().getWidth(), b.image().getHeight());
      return RgbImage.fromBufferedImage(b.image());
    }
    return decode(readEncoded(input), what);
  }

  /** Decodes encoded bytes; {@code what} names them in error messages. */
  public RgbImage decode(byte[] encoded, String what) {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length == 0) {
      throw new InvalidImageException(what, "is empty (0 bytes)");
    }
    if (encoded.length > limits.maxBytes()) {
      throw new ImageTooLargeException(what, encoded.length + " bytes is over the limit of " + limits.maxBytes() + " bytes");
    }
    BufferedImage decoded = read(encoded, what);
    RgbImage rgb = RgbImage.fromBufferedImage(decoded);
    return Orientation.apply(rgb, exifOrientation(encoded, what));
  }

  private byte[] readEncoded(ImageInput input) {
    String what = input.description();
    if (input instanceof ImageInput.BytesInput b) {
      return b.encoded();
    }
    if (input instanceof ImageInput.FileInput f) {
      return readFile(f.path(), what);
    }
    if (input instanceof ImageInput.StreamInput s) {
      return readStream(s.stream(), what);
    }
    if (input instanceof ImageInput.Base64Input b) {
      return decodeBase64(b.base64(), what);
    }
    throw new IllegalArgumentException("unknown input type " + input.getClass().getName());
  }

  private byte[] readFile(Path path, String what) {
    try {
      if (Files.isDirectory(path)) {
        throw new InvalidImageException(what, "is a directory, not an image file");
      }
      long size = Files.size(path);
      if (size > limits.maxBytes()) {
        throw new ImageTooLargeException(what, size + " bytes is over the limit of " + limits.maxBytes() + " bytes");
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new InvalidImageException(what, "no such file", e);
    } catch (AccessDeniedException e) {
      throw new InvalidImageException(what, "permission denied", e);
    } catch (IOException e) {
      throw new InvalidImageException(what, "cannot be read: " + e, e);
    }
  }

  private byte[] readStream(InputStream in, String what) {
    try {
      byte[] bytes = in.readNBytes((int) limits.maxBytes() + 1);
      if (bytes.length > limits.maxBytes()) {
        throw new ImageTooLargeException(what, "is over the limit of " + limits.maxBytes() + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new InvalidImageException(what, "cannot be read: " + e, e);
    }
  }

  private static byte[] decodeBase64(String text, String what) {
    String payload = text.strip();
    if (payload.regionMatches(true, 0, "data:", 0, 5)) {
      int comma = payload.indexOf(',');
      if (comma < 0 || !payload.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
        throw new InvalidImageException(what, "is a data URI without ';base64,' (only base64 data URIs are supported)");
      }
      payload = payload.substring(comma + 1);
    }
    try {
      return Base64.getMimeDecoder().decode(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new InvalidImageException(what, "is not valid base64: " + e.getMessage(), e);
    }
  }

  private BufferedImage read(byte[] encoded, String what) {
    try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
      if (!readers.hasNext()) {
        throw new InvalidImageException(what, describeUnknown(encoded));
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(stream, true, true);
        String format = reader.getFormatName().toUpperCase(Locale.ROOT);
        int width;
        int height;
        try {
          width = reader.getWidth(0);
          height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
          throw new InvalidImageException(what, "is a " + format + " file whose header cannot be read (corrupt or truncated): " + e.getMessage(), e);
        }
        checkPixels(what, width, height);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener(new WarningCollector(warnings));
        BufferedImage image;
        try {
          image = reader.read(0);
        } catch (IOException | RuntimeException e) {
          throw new InvalidImageException(what, "is a corrupt or truncated " + format + " image: " + e.getMessage(), e);
        }
        for (String warning : warnings) {
          if (isTruncation(warning)) {
            throw new InvalidImageException(what, "is a truncated " + format + " image (" + warning.strip() + ")");
          }
          LOG.debug("{}: decoder warning: {}", what, warning);
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new InvalidImageException(what, "cannot be read: " + e.getMessage(), e);
    }
  }

  private void checkPixels(String what, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new InvalidImageException(what, "has an invalid size " + width + "x" + height);
    }
    long pixels = (long) width * height;
    if (pixels > limits.maxPixels()) {
      throw new ImageTooLargeException(what, "is " + width + "x" + height + " = " + pixels
          + " pixels, over the limit of " + limits.maxPixels() + " (raise it with ImageLimits)");
    }
  }

  private static boolean isTruncation(String warning) {
    String w = warning.toLowerCase(Locale.ROOT);
    return w.contains("premature end") || w.contains("truncat") || w.contains("unexpected end");
  }

  private static int exifOrientation(byte[] encoded, String what) {
    try {
      Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(encoded), encoded.length);
      for (ExifIFD0Directory dir : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
        if (dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
          return dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
        }
      }
    } catch (Exception e) {
      // Metadata is optional: an image without readable EXIF is shown as stored.
      LOG.debug("{}: no readable EXIF orientation ({})", what, e.toString());
    }
    return 1;
  }

  private static String describeUnknown(byte[] b) {
    String ascii = new String(b, 0, Math.min(b.length, 16), StandardCharsets.ISO_8859_1);
    String kind = null;
    if (ascii.length() >= 12 && ascii.startsWith("ftyp", 4)) {
      String brand = ascii.substring(8, 12).strip();
      kind = brand.startsWith("avi") ? "AVIF" : brand.startsWith("hei") || brand.startsWith("mif") ? "HEIF/HEIC" : "ISO media (" + brand + ")";
    } else if (ascii.startsWith("%PDF")) {
      kind = "PDF";
    } else if (b.length >= 4 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) {
      return "is a corrupt JPEG (no decodable header)";
    }
    if (kind != null) {
      return "is a " + kind + " file, an unsupported format (supported: JPEG, PNG, BMP, GIF, WebP, TIFF)";
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(b.length, 8); i++) {
      hex.append(String.format("%02x", b[i] & 0xff));
    }
    return "is not a recognised image (" + b.length + " bytes starting 0x" + hex
        + "; supported: JPEG, PNG, BMP, GIF, WebP, TIFF)";
  }

  private record WarningCollector(List<String> warnings) implements IIOReadWarningListener {
    @Override
    public void warningOccurred(ImageReader source, String warning) {
      warnings.add(warning);
    }
  }
}
