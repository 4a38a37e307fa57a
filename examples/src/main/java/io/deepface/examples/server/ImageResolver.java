package io.deepface.examples.server;

import io.deepface.image.ImageInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns an image string of a request into an {@link ImageInput}: a data URI or bare base64 always; an
 * {@code http(s)} URL only when URLs are allowed (fetched by {@link UrlFetcher}); a server-side path only when an
 * image root is configured, and only inside it ({@code ..}, absolute paths and symbolic links that lead out are
 * refused, checked on the real path before the file is opened). Thread-safe.
 */
final class ImageResolver {
  private final Path root;
  private final UrlFetcher urls;

  /** {@code root}: the image root or null; {@code urls}: the fetcher, or null when URLs are refused. */
  ImageResolver(Path root, UrlFetcher urls) throws IOException {
    this.root = root == null ? null : root.toRealPath();
    if (this.root != null && !Files.isDirectory(this.root)) {
      throw new IOException("the image root " + root + " is not a folder");
    }
    this.urls = urls;
  }

  /** What else an image field may hold on this server, for messages. */
  String alsoAccepted() {
    return (urls != null ? ", an http(s) URL" : "") + (root != null ? ", a path under the image root" : "");
  }

  ImageInput resolve(String field, String value) {
    String v = value.strip();
    if (v.regionMatches(true, 0, "data:", 0, 5)) {
      return ImageInput.ofBase64(v);
    }
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      if (urls == null) {
        throw new ApiException(400, "'" + field + "' is a URL, and this server does not fetch image URLs (start it "
            + "with --allow-image-urls); send the image as base64, a data URI or a file upload");
      }
      return urls.fetch(field, v);
    }
    if (looksLikePath(v)) {
      if (root == null) {
        throw new ApiException(400, "'" + field + "' looks like a server-side path, and this server reads no paths "
            + "(start it with --image-root DIR); send the image as base64, a data URI or a file upload");
      }
      return ImageInput.of(confine(field, v));
    }
    return ImageInput.ofBase64(v);
  }

  /**
   * A path, not base64: short and holding a character base64 never has ({@code .} or {@code \}), or starting with
   * {@code /} or {@code ~} but not as a JPEG's base64 does ({@code /9j/}).
   */
  static boolean looksLikePath(String v) {
    if (v.length() > 4096) {
      return false;
    }
    return v.indexOf('.') >= 0 || v.indexOf('\\') >= 0 || v.startsWith("~")
        || (v.startsWith("/") && !v.startsWith("/9j/"));
  }

  /** The real file for {@code value} under the root, or 400. */
  Path confine(String field, String value) {
    Path p;
    try {
      p = Path.of(value);
    } catch (InvalidPathException e) {
      throw new ApiException(400, "'" + field + "' is not a valid path");
    }
    Path candidate = (p.isAbsolute() ? p : root.resolve(p)).normalize();
    String refused = "'" + field + "' is outside the image root; paths are read only under it";
    if (!candidate.startsWith(root)) {
      throw new ApiException(400, refused);
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (IOException e) {
      throw new ApiException(400, "'" + field + "': no such file under the image root: " + root.relativize(candidate));
    }
    if (!real.startsWith(root)) {
      throw new ApiException(400, refused + " (a link leads out)");
    }
    if (!Files.isRegularFile(real)) {
      throw new ApiException(400, "'" + field + "' is not a file under the image root: " + root.relativize(candidate));
    }
    return real;
  }
}
