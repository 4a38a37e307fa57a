package io.deepface.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepface.testing.TestData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
  private static final ImageDecoder DECODER = ImageDecoder.defaults();
  private static RgbImage reference;

  @BeforeAll
  static void loadReference() {
    // The lossless 16-bit PNG is the reference every other encoding of the same picture is compared with.
    reference = DECODER.decode(ImageInput.of(resource("astronaut-128-16bit.png")));
  }

  private static Path resource(String name) {
    return TestData.resource(ImageDecoderTest.class, "/images/" + name);
  }

  /** Mean absolute difference per channel value between two images of the same size. */
  static double meanAbsDiff(RgbImage a, RgbImage b) {
    assertThat(a.width()).isEqualTo(b.width());
    assertThat(a.height()).isEqualTo(b.height());
    long sum = 0;
    for (int i = 0; i < a.data().length; i++) {
      sum += Math.abs((a.data()[i] & 0xff) - (b.data()[i] & 0xff));
    }
    return (double) sum / a.data().length;
  }

  @ParameterizedTest
  @ValueSource(strings = {"astronaut-128.jpg", "astronaut-128-progressive.jpg", "astronaut-128-cmyk.jpg",
      "astronaut-128-palette.png", "astronaut-128.bmp", "astronaut-128.gif", "astronaut-128.webp",
      "astronaut-128.tiff", "astronaut-128-orientation6.jpg"})
  void everySupportedEncodingDecodesToTheSamePicture(String file) {
    RgbImage img = DECODER.decode(ImageInput.of(resource(file)));
    assertThat(img.width()).isEqualTo(128);
    assertThat(img.height()).isEqualTo(128);
    // Lossy and palette encodings differ by a few levels; a wrong channel order, a missed EXIF
    // rotation or a bad CMYK conversion differs by tens.
    assertThat(meanAbsDiff(img, reference)).as(file).isLessThan(8.0);
  }

  @Test
  void exifOrientationIsApplied() {
    RgbImage upright = DECODER.decode(ImageInput.of(resource("astronaut-128-orientation6.jpg")));
    RgbImage stored = RgbImage.fromBufferedImage(read(resource("astronaut-128-orientation6.jpg")));
    assertThat(meanAbsDiff(upright, reference)).isLessThan(8.0);
    assertThat(meanAbsDiff(stored, reference)).as("without EXIF the stored pixels are rotated").isGreaterThan(20.0);
  }

  @Test
  void alphaIsCompositedOnWhite() {
    RgbImage img = DECODER.decode(ImageInput.of(resource("astronaut-128-alpha.png")));
    // 50% alpha over white: every value lies halfway between the opaque value and 255.
    for (int i = 0; i < img.data().length; i += 97) {
      int expected = ((reference.data()[i] & 0xff) + 255) / 2;
      assertThat(img.data()[i] & 0xff).isBetween(expected - 4, expected + 4);
    }
  }

  @Test
  void greyJpegKeepsItsLevels() throws IOException {
    BufferedImage grey = new BufferedImage(64, 32, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 64; x++) {
        grey.getRaster().setSample(x, y, 0, x * 4);
      }
    }
    RgbImage img = DECODER.decode(ImageInput.of(encode(grey, "png")));
    // Java2D's linear grey space would brighten 128 to about 188; the decoder copies samples.
    assertThat(img.rgbAt(32, 10)).isEqualTo(0x808080);
    RgbImage jpeg = DECODER.decode(ImageInput.of(encode(grey, "jpg")));
    assertThat(jpeg.rgbAt(32, 10) & 0xff).isBetween(120, 136);
  }

  @Test
  void allInputKindsGiveTheSamePixels() throws IOException {
    Path file = resource("astronaut-128.jpg");
    byte[] bytes = Files.readAllBytes(file);
    RgbImage fromPath = DECODER.decode(ImageInput.of(file));
    String b64 = Base64.getEncoder().encodeToString(bytes);
    for (ImageInput in : new ImageInput[] {ImageInput.of(bytes), ImageInput.of(new ByteArrayInputStream(bytes)),
        ImageInput.ofBase64(b64), ImageInput.ofBase64("data:image/jpeg;base64," + b64),
        ImageInput.parse("data:image/jpeg;base64," + Base64.getMimeEncoder().encodeToString(bytes)),
        ImageInput.parse(file.toString()), ImageInput.of(read(file)), ImageInput.of(fromPath)}) {
      assertThat(DECODER.decode(in).data()).as(in.description()).isEqualTo(fromPath.data());
    }
  }

  @Test
  void realPhotoDecodes() {
    RgbImage img = DECODER.decode(ImageInput.of(TestData.lfw("Aaron_Sorkin", 1)));
    assertThat(img.width()).isEqualTo(250);
    assertThat(img.height()).isEqualTo(250);
  }

  @Test
  void emptyInputIsRefused() {
    assertThatThrownBy(() -> DECODER.decode(ImageInput.of(new byte[0], "upload.jpg")))
        .isInstanceOf(InvalidImageException.class).hasMessage("upload.jpg: is empty (0 bytes)");
  }

  @Test
  void emptyFileIsRefused(@TempDir Path dir) throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.jpg"));
    assertThatThrownBy(() -> DECODER.decode(ImageInput.of(empty)))
        .isInstanceOf(InvalidImageException.class).hasMessageContaining("empty.jpg").hasMessageContaining("0 bytes");
  }

  @Test
  void missingFileAndDirectoryAreRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> DECODER.decode(ImageInput.of(dir.resolve("nope.jpg"))))
        .isInstanceOf(InvalidImageException.class).hasMessageContaining("nope.jpg: no such file");
    assertThatThrownBy(() -> DECODER.decode(ImageInput.of(dir)))
        .isInstanceOf(InvalidImageException.class).hasMessageContaining("is a directory");
  }

  @ParameterizedTest
  @ValueSource(strings = {"astronaut-128.jpg", "astronaut-128-progressive.jpg", "astronaut-128-16bit.png",
      "astronaut-128.webp", "astronaut-128.gif", "astronaut-128.bmp"})
  void truncatedImagesAreRefused(String file) throws IOException {
    byte[] bytes = Files.readAllBytes(resource(file));
    byte[] half = Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(() -> DECODER.decode(ImageInput.of(half, "half of " + file)))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageStartingWith("half of " + file + ":")
        .hasMessageMatching("(?s).*(truncated|corrupt).*");
  }

  @Test
  void nonImageIsRefusedWithItsFirstBytes() {
    byte[] text = "hello, this is not a picture".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> DECODER.decode(ImageInput.of(text, "notes.txt")))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("notes.txt: is not a recognised image")
        .hasMessageContaining("0x68656c6c");
  }

  @Test
  void unsupportedFormatIsNamed() {
    byte[] heic = new byte[64];
    System.arraycopy("\0\0\0\u0018ftypheic".getBytes(StandardCharsets.ISO_8859_1), 0, heic, 0, 12);
    assertThatThrownBy(() -> DECODER.decode(ImageInput.of(heic, "photo.heic")))
        .isInstanceOf(InvalidImageException.class).hasMessageContaining("HEIF/HEIC");
  }

  @Test
  void invalidBase64IsRefused() {
    assertThatThrownBy(() -> DECODER.decode(ImageInput.ofBase64("data:image/png;base64,@@@not base64@@@")))
        .isInstanceOf(InvalidImageException.class).hasMessageContaining("not valid base64");
    assertThatThrownBy(() -> DECODER.decode(ImageInput.ofBase64("data:image/png,rawdata")))
        .isInstanceOf(InvalidImageException.class).hasMessageContaining("without ';base64,'");
  }

  @Test
  void decompressionBombIsRefusedFromTheHeader() {
    // A valid PNG header claiming 60000 x 60000 pixels (10.8 GB decoded) followed by a tiny body.
    byte[] bomb = pngHeaderOnly(60_000, 60_000);
    long before = usedHeap();
    assertThatThrownBy(() -> DECODER.decode(ImageInput.of(bomb, "bomb.png")))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessageContaining("60000x60000")
        .hasMessageContaining("over the limit of 50000000");
    assertThat(usedHeap() - before).as("no pixel buffer was allocated").isLessThan(200L << 20);
  }

  @Test
  void pixelLimitIsConfigurable() {
    ImageDecoder small = new ImageDecoder(ImageLimits.defaults().withMaxPixels(100 * 100));
    assertThatThrownBy(() -> small.decode(ImageInput.of(resource("astronaut-128.jpg"))))
        .isInstanceOf(ImageTooLargeException.class).hasMessageContaining("128x128");
    ImageDecoder tiny = new ImageDecoder(ImageLimits.defaults().withMaxBytes(1000));
    assertThatThrownBy(() -> tiny.decode(ImageInput.of(resource("astronaut-128.jpg"))))
        .isInstanceOf(ImageTooLargeException.class).hasMessageContaining("over the limit of 1000 bytes");
  }

  @Test
  void streamOverTheByteLimitIsRefused() {
    ImageDecoder tiny = new ImageDecoder(ImageLimits.defaults().withMaxBytes(1000));
    assertThatThrownBy(() -> tiny.decode(ImageInput.of(new ByteArrayInputStream(new byte[5000]))))
        .isInstanceOf(ImageTooLargeException.class).hasMessageContaining("input stream");
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
        .put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static BufferedImage read(Path p) {
    try {
      return ImageIO.read(p.toFile());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] encode(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (param.canWriteCompressed() && format.equals("jpg")) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
      }
      writer.write(null, new IIOImage(img, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
