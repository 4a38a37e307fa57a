package io.deepface.store.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests: Debian's {@code postgresql} package ({@code .ci/run} installs it), a
 * cluster created by {@code initdb} in a temporary folder and started by {@code pg_ctl} on a free loopback port, with
 * trust authentication and fsync off (about 1.5 s). As root, the server runs as the {@code postgres} user (PostgreSQL
 * refuses to run as root). Chosen over an embedded-PostgreSQL jar because it is the server users run, and needs
 * nothing from outside Debian's packages.
 */
public final class PostgresServer implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private final boolean root;

  private PostgresServer(Path bin, Path dir, int port, boolean root) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.root = root;
  }

  /** Creates and starts a cluster. */
  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin = findBin();
    Path dir = Files.createTempDirectory("deepface-pg");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      run(List.of("chown", "postgres", dir.toString()), false);
    }
    PostgresServer s = new PostgresServer(bin, dir, freePort(), root);
    s.exec("initdb", "-D", s.data.toString(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
    s.startServer();
    return s;
  }

  private static Path findBin() {
    String explicit = System.getenv("PG_BIN");
    if (explicit != null && Files.isExecutable(Path.of(explicit, "pg_ctl"))) {
      return Path.of(explicit);
    }
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", ""))))
          .orElseThrow();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("These tests need PostgreSQL's server (initdb, pg_ctl): apt-get install -y "
          + "postgresql (.ci/run does), or set PG_BIN to its bin folder", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public void startServer() throws IOException, InterruptedException {
    exec("pg_ctl", "-D", data.toString(), "-w", "-t", "60", "-l", dir.resolve("server.log").toString(), "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");
  }

  /** Stops the server at once (as a crash would: no checkpoint). */
  public void stopServer() throws IOException, InterruptedException {
    exec("pg_ctl", "-D", data.toString(), "-w", "-m", "immediate", "stop");
  }

  public int port() {
    return port;
  }

  /** A JDBC URL of database {@code postgres} as user {@code postgres}. */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  private void exec(String tool, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (root) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(List.of(args));
    run(cmd, true);
  }

  private static void run(List<String> cmd, boolean check) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(cmd + " did not finish");
    }
    if (check && p.exitValue() != 0) {
      throw new IOException(cmd + " failed (" + p.exitValue() + "): " + new String(out, StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() {
    try {
      stopServer();
    } catch (IOException | InterruptedException e) {
      // Already stopped.
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
