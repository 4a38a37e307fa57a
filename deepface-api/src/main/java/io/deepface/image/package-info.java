/**
 * Images in and pixels out: {@link io.deepface.image.ImageInput} names where an image comes from (a file, bytes,
 * a stream, base64, a {@code BufferedImage} or an already decoded {@link io.deepface.image.RgbImage}) and is what
 * every entry point takes; {@link io.deepface.image.ImageDecoder} turns it into an {@code RgbImage} within
 * {@link io.deepface.image.ImageLimits}, applying EXIF orientation. {@link io.deepface.image.ImageOps} resizes and
 * warps ({@link io.deepface.image.AffineTransform}). A bad input raises
 * {@link io.deepface.image.InvalidImageException} (or {@link io.deepface.image.ImageTooLargeException}) naming it.
 */
package io.deepface.image;
