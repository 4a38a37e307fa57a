package io.deepface.examples.cli;

import io.deepface.examples.server.DeepFaceServer;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the HTTP API (Python DeepFace's routes): POST /verify, /represent, /analyze",
    "with base64 images; GET /components, /health. Runs until stopped."})
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "5005", description = "port (default: ${DEFAULT-VALUE}, DeepFace's)")
  int port;

  @Option(names = "--threads", description = "request threads (default: number of cores)")
  Integer threads;

  @Option(names = "--max-body-mb", defaultValue = "64", description = "largest request body in MiB (default: ${DEFAULT-VALUE})")
  int maxBodyMb;

  @Mixin
  EngineOption engine;

  @Override
  public Integer call() throws Exception {
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    DeepFaceServer server = DeepFaceServer.start(new InetSocketAddress(host, port), engine.engine(), Math.max(1, n),
        maxBodyMb * 1024L * 1024L);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    System.err.println("DeepFace API on http://" + server.address().getHostString() + ":" + server.address().getPort());
    stopped.await();
    return 0;
  }
}
