package io.deepface.examples.cli;

import io.deepface.examples.server.DatabaseRoutes;
import io.deepface.examples.server.DeepFaceServer;
import io.deepface.examples.server.ServerConfig;
import io.deepface.find.FaceDatabase;
import io.deepface.find.FaceDatabaseOptions;
import io.deepface.find.VectorStores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the HTTP API (Python DeepFace's routes): POST /verify, /represent, /analyze, /find with",
        "images as base64, data URIs or multipart file uploads; POST /register, /search, /build/index over a face",
        "database (in memory by default; --store postgres|solr --store-url URL to share one between servers);",
        "GET /health, /ready, /components, /database, /openapi.json;",
        "a web page at /. Listens on loopback unless --host says otherwise. Runs until stopped; SIGTERM lets",
        "running requests finish (within --shutdown-grace) and exits 0."})
final class ServeCommand implements Callable<Integer> {
  /** The environment variable holding the bearer token when --auth-token-file is not given. */
  static final String TOKEN_ENV = "DEEPFACE_API_TOKEN";

  @Spec
  CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "5005", description = "port (default: ${DEFAULT-VALUE}, DeepFace's; 0: any free port)")
  int port;

  @Option(names = "--threads", description = "requests computed at once (default: number of cores)")
  Integer threads;

  @Option(names = "--queue", description = "requests waiting for a thread; more get 503 (default: 2 x threads)")
  Integer queue;

  @Option(names = "--max-body-mb", defaultValue = "32", description = "largest request body in MiB (default: ${DEFAULT-VALUE})")
  int maxBodyMb;

  @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
      description = "longest a request may wait and compute; 503 after (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(names = "--max-faces", defaultValue = "100", description = "most faces per image (default: ${DEFAULT-VALUE})")
  int maxFaces;

  @Option(names = "--idle-timeout", defaultValue = "30", paramLabel = "SECONDS",
      description = "close connections idle this long (default: ${DEFAULT-VALUE})")
  int idleSeconds;

  @Option(names = "--min-data-rate", defaultValue = "4096", paramLabel = "BYTES_PER_S",
      description = "cut off request bodies arriving slower (default: ${DEFAULT-VALUE}; 0: never)")
  long minDataRate;

  @Option(names = "--image-root", paramLabel = "DIR",
      description = "read images given as server-side paths from this folder only (default: paths refused)")
  Path imageRoot;

  @Option(names = "--allow-image-urls", description = "fetch http(s) image URLs (public addresses only)")
  boolean allowImageUrls;

  @Option(names = "--allow-private-image-urls",
      description = "let image URLs reach loopback, private and link-local addresses too (implies --allow-image-urls)")
  boolean allowPrivateImageUrls;

  @Option(names = "--auth-token-file", paramLabel = "FILE",
      description = "require 'Authorization: Bearer <token>' on every route but /health, with the token in FILE "
          + "(default: the " + TOKEN_ENV + " environment variable, if set)")
  Path tokenFile;

  @Option(names = "--gallery", paramLabel = "DIR", description = "folder of face photos POST /find searches")
  Path gallery;

  @Option(names = "--gallery-store", paramLabel = "NAME",
      description = "vector store of the gallery: auto, exact, hnsw (default: auto)")
  String galleryStore;

  @Option(names = "--shutdown-grace", defaultValue = "10", paramLabel = "SECONDS",
      description = "how long running requests may finish when stopped (default: ${DEFAULT-VALUE})")
  int graceSeconds;

  @Mixin
  EngineOption engine;

  /** The face database behind /register and /search: in memory (exact) unless --store names another. */
  @Mixin
  StoreOption store;

  @Override
  public Integer call() throws Exception {
    ServerConfig config;
    try {
      ServerConfig.Builder b = ServerConfig.builder().address(new InetSocketAddress(host, port))
          .maxBodyBytes(maxBodyMb * 1024L * 1024L).requestTimeout(Duration.ofSeconds(timeoutSeconds))
          .maxFaces(maxFaces).idleTimeout(Duration.ofSeconds(idleSeconds)).minRequestDataRate(minDataRate)
          .allowImageUrls(allowImageUrls || allowPrivateImageUrls).allowPrivateImageUrls(allowPrivateImageUrls)
          .authToken(token()).shutdownGrace(Duration.ofSeconds(graceSeconds)).store(galleryStore);
      if (threads != null) {
        b.workers(threads);
      }
      if (queue != null) {
        b.queue(queue);
      }
      if (imageRoot != null) {
        if (!Files.isDirectory(imageRoot)) {
          throw new BadInputException("no such image root folder: " + imageRoot);
        }
        b.imageRoot(imageRoot);
      }
      if (gallery != null) {
        if (!Files.isDirectory(gallery)) {
          throw new BadInputException("no such gallery folder: " + gallery);
        }
        b.gallery(gallery);
      }
      config = b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (store.store == null || store.store.isBlank()) {
      store.store = VectorStores.EXACT;
    }
    FaceDatabase database = store.open(spec.commandLine(), engine.engine(),
        FaceDatabaseOptions.defaults());
    DeepFaceServer server;
    try {
      server = DeepFaceServer.start(engine.engine(), config, DatabaseRoutes.of(database));
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
    CountDownLatch stop = new CountDownLatch(1);
    // SIGTERM and SIGINT are trapped so the server stops while the JVM still runs normally: models in use by running
    // requests must not be freed under them by ONNX Runtime's shutdown hook. The hook below is the fallback.
    boolean trapped = Signals.trap(List.of("TERM", "INT"), stop::countDown);
    Thread hook = new Thread(() -> {
      System.err.println("stopping: letting running requests finish (up to " + graceSeconds + " s)");
      server.close();
      database.close();
    }, "deepface-api-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.err.println("DeepFace API on http://" + server.address().getHostString() + ":" + server.address().getPort()
        + (config.authenticated() ? " (bearer token required)" : "") + "; the page is at /, the API description at "
        + "/openapi.json");
    if (!trapped) {
      new CountDownLatch(1).await(); // until the JVM is stopped; the hook stops the server
    }
    stop.await();
    System.err.println("stopping: letting running requests finish (up to " + graceSeconds + " s)");
    server.close();
    database.close();
    Runtime.getRuntime().removeShutdownHook(hook);
    return 0;
  }

  private String token() {
    if (tokenFile != null) {
      try {
        String t = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        if (t.isEmpty()) {
          throw new BadInputException("the token file " + tokenFile + " is empty");
        }
        return t;
      } catch (IOException e) {
        throw new BadInputException("cannot read the token file " + tokenFile + ": " + e.getMessage());
      }
    }
    String env = System.getenv(TOKEN_ENV);
    return env == null || env.isBlank() ? null : env.strip();
  }
}
