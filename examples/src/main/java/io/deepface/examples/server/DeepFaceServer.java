package io.deepface.examples.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.deepface.FaceEngine;
import io.deepface.FaceNotDetectedException;
import io.deepface.FaceOptions;
import io.deepface.SpoofDetectedException;
import io.deepface.analysis.AttributeNotAvailableException;
import io.deepface.examples.json.Json;
import io.deepface.examples.json.ResultJson;
import io.deepface.find.StoreMismatchException;
import io.deepface.image.ImageInput;
import io.deepface.image.ImageTooLargeException;
import io.deepface.image.InvalidImageException;
import io.deepface.image.RgbImage;
import io.deepface.spi.ComponentNotFoundException;
import io.deepface.verify.ThresholdNotFoundException;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API over a {@link FaceEngine}: Python DeepFace's routes and request keys ({@code POST /verify},
 * {@code /represent}, {@code /analyze}, {@code /find}), the service routes ({@code GET /health}, {@code /ready},
 * {@code /components}, {@code /openapi.json}) and a web page at {@code GET /}, on Javalin (Jetty).
 *
 * <p>Every route comes from one table of {@link Route}s, which {@code /openapi.json} describes; more routes (the
 * face database's {@code /register} and {@code /search}) are added with {@link #start(FaceEngine, ServerConfig,
 * List)}. Requests are read and checked on the HTTP threads (body size, content type, fields), then computed on a
 * bounded {@link WorkPool} (503 with {@code Retry-After} when full or over the time limit). Errors answer
 * {@code {"error": "..."}}: 400 malformed request or bad image, 401 without the bearer token, 404, 405, 408 body
 * too slow, 413 too large, 415 wrong content type, 422 no face or a spoof, 501 not configured, 503 busy or not
 * ready, 500 only for faults (logged; never a stack trace in an answer). One access log line per request: method,
 * path, status and time, never a body or a header. Thread-safe; {@link #close} stops gracefully.
 */
public final class DeepFaceServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeepFaceServer.class);
  static final Logger ACCESS_LOG = LoggerFactory.getLogger("io.deepface.examples.server.access");
  private static final String PAGE = "/io/deepface/examples/server/index.html";

  private final Javalin app;
  private final ServerConfig config;
  private final WorkPool pool;
  private final GallerySearch gallery;
  private final List<Route> routes;
  private final CountDownLatch warmedUp = new CountDownLatch(1);
  private volatile String notReady = "loading models";
  private final byte[] tokenDigest;

  private DeepFaceServer(FaceEngine engine, ServerConfig config, List<Route> extra) throws IOException {
    this.config = config;
    this.pool = new WorkPool(config.workers(), config.queue(), config.requestTimeout());
    this.gallery = config.gallery() == null ? null : new GallerySearch(engine, config.gallery(), config.store());
    this.tokenDigest = config.authToken() == null ? null : sha256(config.authToken());
    UrlFetcher urls = !config.allowImageUrls() ? null : new UrlFetcher(config.maxImageUrlBytes(),
        config.imageUrlTimeout(), config.urlAddressCheck() != null ? config.urlAddressCheck()
            : config.allowPrivateImageUrls() ? a -> true : UrlFetcher::isPublic);
    ImageResolver images = new ImageResolver(config.imageRoot(), urls);

    List<Route> table = new ArrayList<>();
    table.add(new Route("GET", "/health", "Liveness: the process answers", List.of(), false, true,
        req -> Map.of("status", "ok")));
    table.add(Route.get("/ready", "Readiness: models loaded (and the gallery indexed); 503 until then", req -> {
      String why = notReady;
      if (why == null) {
        return Map.of("status", "ready");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", "not ready");
      body.put("error", "not ready: " + why);
      return new Route.Answer(503, body);
    }));
    table.add(Route.get("/components", "The backends and every detector, embedder and attribute model",
        req -> ResultJson.components(engine.registry())));
    table.add(Route.get("/openapi.json", "This description", req -> OpenApi.describe(routes(), config.authenticated())));
    table.addAll(ApiRoutes.face(engine, gallery));
    for (Route r : extra) {
      if (table.stream().anyMatch(t -> t.path().equals(r.path()) && t.method().equals(r.method()))) {
        throw new IllegalArgumentException("the route " + r.method() + " " + r.path() + " is there already");
      }
      table.add(r);
    }
    this.routes = List.copyOf(table);

    long maxBody = config.maxBodyBytes();
    // HTTP threads read and check requests and wait for their workers; Jetty's own jobs (closing the connections of
    // many idle clients, say) queue here too, so the queue is roomy but bounded: a job is a few bytes, and bodies
    // are read only by running threads. Overload is refused by the worker pool, with 503.
    int httpThreads = Math.max(32, config.workers() + config.queue() + 24);
    QueuedThreadPool threads = new QueuedThreadPool(httpThreads, 4, (int) config.idleTimeout().toMillis(),
        new BlockingArrayQueue<>(1024, 1024, 16 * 1024));
    threads.setName("deepface-api-http");
    threads.setMaxEvictCount(httpThreads); // after a burst, idle threads all go after the idle timeout, not one by one
    this.app = Javalin.create(c -> {
      c.showJavalinBanner = false;
      c.startupWatcherEnabled = false;
      c.http.prefer405over404 = true;
      c.http.maxRequestSize = maxBody;
      c.router.ignoreTrailingSlashes = true;
      c.jetty.threadPool = threads;
      c.jetty.multipartConfig.maxFileSize(maxBody, SizeUnit.BYTES);
      c.jetty.multipartConfig.maxTotalRequestSize(maxBody, SizeUnit.BYTES);
      c.jetty.multipartConfig.maxInMemoryFileSize((int) maxBody, SizeUnit.BYTES);
      c.jetty.modifyHttpConfiguration(h -> {
        h.setSendServerVersion(false);
        h.setSendXPoweredBy(false);
        h.setMinRequestDataRate(config.minRequestDataRate());
      });
      c.jetty.modifyServletContextHandler(h -> h.setMaxFormContentSize((int) maxBody));
      c.jetty.modifyServer(s -> {
        s.setStopTimeout(config.shutdownGrace().toMillis());
        s.setStopAtShutdown(false);
      });
      c.jetty.addConnector((server, http) -> {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.address().getHostString());
        connector.setPort(config.address().getPort());
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        return connector;
      });
      c.requestLogger.http((ctx, ms) -> config.accessLog().accept(accessLine(ctx, ms)));
    });
    app.before(this::authenticate);
    app.get("/", this::page);
    for (Route r : routes) {
      app.addHttpHandler(HandlerType.valueOf(r.method()), r.path(), ctx -> serve(r, ctx, images));
    }
    app.exception(Exception.class, (e, ctx) -> fail(ctx, e));
    app.error(404, ctx -> {
      if (!isJson(ctx)) {
        json(ctx, 404, ApiRoutes.error("no route " + clean(ctx.method().name()) + " " + clean(ctx.path())
            + "; GET /openapi.json lists the routes"));
      }
    });
    app.error(405, ctx -> {
      if (!isJson(ctx)) {
        json(ctx, 405, ApiRoutes.error(ctx.method().name() + " is not allowed on " + clean(ctx.path())));
      }
    });
  }

  /** Starts the server with DeepFace's routes and the service routes. */
  public static DeepFaceServer start(FaceEngine engine, ServerConfig config) throws IOException {
    return start(engine, config, List.of());
  }

  /**
   * Starts the server with DeepFace's routes, the service routes and {@code extraRoutes} (served, authenticated,
   * limited and described in {@code /openapi.json} like the others). Models load in the background: {@code /ready}
   * answers 503 until they have ({@link #awaitReady}).
   *
   * @throws IOException the address is taken, or the image root is not a folder
   * @throws IllegalArgumentException an extra route repeats one already served
   */
  public static DeepFaceServer start(FaceEngine engine, ServerConfig config, List<Route> extraRoutes)
      throws IOException {
    DeepFaceServer s = new DeepFaceServer(engine, config, extraRoutes);
    try {
      s.app.start();
    } catch (RuntimeException e) {
      s.pool.shutdown(Duration.ofSeconds(1));
      throw new IOException("cannot listen on " + config.address() + ": " + rootMessage(e), e);
    }
    Thread warm = new Thread(() -> s.warmUp(engine), "deepface-api-warm-up");
    warm.setDaemon(true);
    warm.start();
    LOG.info("DeepFace API listening on {}", s.address());
    return s;
  }

  /** Loads the default detector and embedder by running them once, and indexes the gallery. */
  private void warmUp(FaceEngine engine) {
    try {
      engine.represent(ImageInput.of(RgbImage.wrap(64, 64, new byte[64 * 64 * 3])),
          FaceOptions.builder().enforceDetection(false).build());
      if (gallery != null) {
        notReady = "indexing the gallery";
        gallery.warmUp();
      }
      notReady = null;
    } catch (RuntimeException e) {
      notReady = "loading failed: " + e.getMessage();
      LOG.error("The server could not load its models: {}", e.getMessage());
    } finally {
      warmedUp.countDown();
    }
  }

  /** Waits until the models are loaded; true when ready, false when loading failed or took longer. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return warmedUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && notReady == null;
  }

  public InetSocketAddress address() {
    ServerConnector c = (ServerConnector) app.jettyServer().server().getConnectors()[0];
    return new InetSocketAddress(config.address().getAddress(), c.getLocalPort());
  }

  /** The routes served (and described by {@code /openapi.json}), page excluded. */
  public List<Route> routes() {
    return routes;
  }

  /** Requests computing now. */
  int running() {
    return pool.running();
  }

  public ServerConfig config() {
    return config;
  }

  private void authenticate(Context ctx) {
    if (tokenDigest == null) {
      return;
    }
    String path = ctx.path();
    if (path.equals("/health") || (path.equals("/") && ctx.method() == HandlerType.GET)) {
      return;
    }
    String header = ctx.header("Authorization");
    boolean ok = false;
    if (header != null && header.length() > 7 && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      // Digests of equal length compared in constant time: neither the token nor its length leaks by timing.
      ok = MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).strip()));
    }
    if (!ok) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiException(401, header == null ? "this server requires 'Authorization: Bearer <token>'"
          : "the bearer token is wrong");
    }
  }

  private void page(Context ctx) throws IOException {
    try (InputStream in = DeepFaceServer.class.getResourceAsStream(PAGE)) {
      if (in == null) {
        throw new IllegalStateException("the page " + PAGE + " is missing from the jar");
      }
      ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; "
          + "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; connect-src 'self'");
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.contentType("text/html; charset=utf-8").result(in.readAllBytes());
    }
  }

  private void serve(Route r, Context ctx, ImageResolver images) throws Exception {
    if (r.pooled()) {
      pool.admit(); // a full server refuses before reading a body it could not compute
    }
    ApiRequest req = r.method().equals("POST")
        ? ApiRequest.read(ctx, config.maxBodyBytes(), images, config.maxFaces())
        : ApiRequest.of(JsonNodeFactory.instance.objectNode(), images, config.maxFaces());
    Object body = r.pooled() ? pool.run(() -> r.handler().handle(req)) : r.handler().handle(req);
    if (body instanceof Route.Answer a) {
      json(ctx, a.status(), a.body());
    } else {
      json(ctx, 200, body);
    }
  }

  /** The status and message of a failure; 500 (logged with its stack) only for what no rule covers. */
  private void fail(Context ctx, Exception e) {
    int status;
    String message = e.getMessage();
    if (e instanceof ApiException a) {
      status = a.status();
    } else if (e instanceof FaceNotDetectedException || e instanceof SpoofDetectedException) {
      status = 422;
    } else if (e instanceof ImageTooLargeException) {
      status = 413;
    } else if (e instanceof InvalidImageException || e instanceof ComponentNotFoundException
        || e instanceof AttributeNotAvailableException || e instanceof ThresholdNotFoundException
        || e instanceof StoreMismatchException || e instanceof IllegalArgumentException) {
      status = 400;
    } else if (e instanceof BadMessageException b) {
      status = b.getCode();
      message = b.getCode() == 408 ? "the request body arrived too slowly" : "bad request: " + b.getReason();
    } else if (e instanceof HttpResponseException h) {
      status = h.getStatus();
      message = status == 413 ? "the request body is over the limit of " + config.maxBodyBytes() + " bytes"
          : h.getMessage();
    } else {
      status = 500;
      LOG.error("{} {} failed", ctx.method(), clean(ctx.path()), e);
      message = "internal error; the server's log has the details";
    }
    if (status == 503) {
      ctx.header("Retry-After", Integer.toString(config.retryAfterSeconds()));
    }
    json(ctx, status, ApiRoutes.error(message == null ? e.getClass().getSimpleName() : message));
  }

  private static boolean isJson(Context ctx) {
    String t = ctx.res().getContentType();
    return t != null && t.startsWith("application/json") && ctx.result() != null && ctx.result().startsWith("{");
  }

  private static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json; charset=utf-8")
        .result(Json.write(body).getBytes(StandardCharsets.UTF_8));
  }

  private static String accessLine(Context ctx, float ms) {
    return String.format(Locale.ROOT, "%s %s %s %d %.1f ms", ctx.ip(), ctx.method().name(), clean(ctx.path()),
        ctx.statusCode(), ms);
  }

  /** A path for a log line or message: printable ASCII, at most 120 characters. */
  static String clean(String s) {
    String t = s.replaceAll("[^\\x20-\\x7e]", "?");
    return t.length() > 120 ? t.substring(0, 117) + "..." : t;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null) {
      e = e.getCause();
    }
    return e.getMessage();
  }

  /**
   * Stops gracefully: new connections are refused, running requests get up to the shutdown grace to finish, then
   * the workers stop and the galleries close.
   */
  @Override
  public void close() {
    notReady = "stopping";
    try {
      app.stop();
    } finally {
      pool.shutdown(config.shutdownGrace());
      if (gallery != null) {
        gallery.close();
      }
    }
  }
}
