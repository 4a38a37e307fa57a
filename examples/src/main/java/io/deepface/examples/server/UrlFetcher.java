package io.deepface.examples.server;

import io.deepface.image.ImageInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Fetches an image URL for a request, as DeepFace's API does, with the protections a server needs against being
 * used to reach what it can see and its clients cannot (SSRF): only {@code http} and {@code https}; the host is
 * resolved and every address it resolves to must be public (no loopback, private, link-local, carrier-grade NAT,
 * multicast or unspecified address) unless private addresses are allowed; redirects are followed by hand, at most
 * {@value #MAX_REDIRECTS}, each checked the same way; the whole fetch has a time limit and the body a size limit.
 *
 * <p>The check and the connection see the same address: the JVM caches a lookup (30 s by default), and the client
 * connects right after the check, so a DNS answer that changes between the two (rebinding) would have to change
 * within that cache's lifetime and is not seen. Thread-safe.
 */
final class UrlFetcher {
  static final int MAX_REDIRECTS = 5;
  private final HttpClient client;
  private final long maxBytes;
  private final Duration timeout;
  private final Predicate<InetAddress> allowed;

  UrlFetcher(long maxBytes, Duration timeout, Predicate<InetAddress> allowed) {
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.allowed = allowed;
    this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout)
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  ImageInput fetch(String field, String url) {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI uri = parse(field, url);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      check(field, uri);
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new ApiException(400, "'" + field + "': fetching the image URL took longer than " + timeout.toSeconds() + " s");
      }
      HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(left)).header("Accept", "image/*")
          .GET().build();
      CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(req, info -> new Limited(maxBytes));
      HttpResponse<byte[]> r;
      try {
        r = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        throw new ApiException(400, "'" + field + "': fetching the image URL took longer than " + timeout.toSeconds() + " s");
      } catch (InterruptedException e) {
        f.cancel(true);
        Thread.currentThread().interrupt();
        throw new ApiException(503, "interrupted while fetching an image URL");
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof TooLarge) {
          throw new ApiException(400, "'" + field + "': the image at the URL is over the limit of " + maxBytes + " bytes");
        }
        throw new ApiException(400, "'" + field + "': the image URL could not be fetched: "
            + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage()));
      }
      int status = r.statusCode();
      if (status >= 300 && status < 400 && r.headers().firstValue("Location").isPresent()) {
        try {
          uri = uri.resolve(new URI(r.headers().firstValue("Location").get()));
        } catch (URISyntaxException | IllegalArgumentException e) {
          throw new ApiException(400, "'" + field + "': the image URL redirects to an invalid address");
        }
        continue;
      }
      if (status != 200) {
        throw new ApiException(400, "'" + field + "': the image URL answered HTTP " + status);
      }
      return ImageInput.of(r.body(), "URL " + uri.getScheme() + "://" + uri.getHost() + uri.getPath());
    }
    throw new ApiException(400, "'" + field + "': the image URL redirects more than " + MAX_REDIRECTS + " times");
  }

  private static URI parse(String field, String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new ApiException(400, "'" + field + "' is not a valid URL: " + e.getReason());
    }
  }

  /** The scheme is http(s), the host resolves, and every address it resolves to passes the check. */
  private void check(String field, URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ApiException(400, "'" + field + "': only http and https image URLs are fetched, not " + scheme);
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw new ApiException(400, "'" + field + "': the image URL needs a host (and no user name)");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new ApiException(400, "'" + field + "': the image URL's host " + uri.getHost() + " is unknown");
    }
    for (InetAddress a : addresses) {
      if (!allowed.test(a)) {
        throw new ApiException(400, "'" + field + "': the image URL leads to " + uri.getHost()
            + ", a loopback, private or link-local address; this server fetches only public addresses");
      }
    }
  }

  /** Whether an address is a public unicast one: not loopback, private, link-local, CGNAT, multicast or reserved. */
  static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int o0 = b[0] & 0xff;
      int o1 = b[1] & 0xff;
      return o0 != 0 && !(o0 == 100 && o1 >= 64 && o1 <= 127) && !(o0 == 192 && o1 == 0 && (b[2] & 0xff) == 0)
          && !(o0 == 198 && (o1 == 18 || o1 == 19)) && o0 < 224;
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return false; // unique local fc00::/7
      }
      if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
        return false; // site-local fec0::/10 (deprecated)
      }
      boolean zeroPrefix = true;
      for (int i = 0; i < 10; i++) {
        zeroPrefix &= b[i] == 0;
      }
      if (zeroPrefix && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
        return embedded(b, 12); // IPv4-compatible or IPv4-mapped
      }
      if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
        return embedded(b, 12); // NAT64 64:ff9b::/96
      }
      if (b[0] == 0x20 && b[1] == 0x02) {
        return embedded(b, 2); // 6to4 2002::/16
      }
      return true;
    }
    return false;
  }

  private static boolean embedded(byte[] b, int at) {
    try {
      return isPublic(InetAddress.getByAddress(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]}));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;
  }

  /** Collects a body up to a size; one byte more cancels the download. */
  private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
    private final long max;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Limited(long max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer buf : items) {
        if (out.size() + (long) buf.remaining() > max) {
          subscription.cancel();
          result.completeExceptionally(new TooLarge());
          return;
        }
        byte[] chunk = new byte[buf.remaining()];
        buf.get(chunk);
        out.writeBytes(chunk);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }
  }
}
