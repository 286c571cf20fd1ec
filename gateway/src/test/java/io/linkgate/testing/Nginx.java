package io.linkgate.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx (Debian package {@code nginx}) in the foreground, running the project's
 * {@code config/nginx/linkgate.conf} with only its server addresses, listen address and log paths replaced,
 * everything else (pid, temp files, logs) under one directory. On loopback only.
 */
public final class Nginx implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/sbin/nginx");
  /** The deployment configuration, relative to the gateway module (the tests' working directory). */
  public static final Path CONFIG = Path.of("..", "config", "nginx", "linkgate.conf");

  private static final Pattern UPSTREAM = Pattern.compile("(?s)(upstream\\s+linkgate\\s*\\{)(.*?)(\\n\\})");
  private static final Pattern SERVER = Pattern.compile("(?m)^(\\s*)server\\s+\\S+:\\d+([^;]*);\\n");
  private static final Pattern LISTEN = Pattern.compile("(?m)^(\\s*)listen\\s+[^;]+;");

  private final Process process;
  private final Path dir;
  private final int port;

  private Nginx(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /**
   * Skips the test when nginx is not installed, except under CI ({@code CI=true}), where {@code .ci/run}
   * installs it: there its absence fails the test.
   */
  public static void requireInstalled() {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    String message = BINARY + " not found: install the Debian package nginx (.ci/run does)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(message);
    }
    Assumptions.abort(message);
  }

  /** linkgate.conf for this machine: upstream servers {@code upstreams} (host:port), listening on 127.0.0.1:{@code port}. */
  public static String siteConfig(String original, List<String> upstreams, int port, Path logs) {
    Matcher block = UPSTREAM.matcher(original);
    if (!block.find()) {
      throw new AssertionError("no 'upstream linkgate { ... }' block in " + CONFIG);
    }
    Matcher servers = SERVER.matcher(block.group(2));
    if (!servers.find()) {
      throw new AssertionError("no 'server host:port ...;' line in the upstream block of " + CONFIG);
    }
    String indent = servers.group(1);
    String parameters = servers.group(2); // max_fails, fail_timeout: kept as configured
    StringBuilder lines = new StringBuilder();
    for (String upstream : upstreams) {
      lines.append(indent).append("server ").append(upstream).append(parameters).append(";\n");
    }
    String body = SERVER.matcher(block.group(2)).replaceAll("");
    int firstServer = servers.start();
    body = body.substring(0, firstServer) + lines + body.substring(firstServer);
    String site = original.substring(0, block.start(2)) + body + original.substring(block.end(2));
    Matcher listen = LISTEN.matcher(site);
    if (!listen.find() || listen.find()) {
      throw new AssertionError("expected exactly one 'listen' line in " + CONFIG);
    }
    site = LISTEN.matcher(site).replaceFirst("$1listen 127.0.0.1:" + port + ";");
    if (!site.contains("/var/log/nginx/")) {
      throw new AssertionError("expected the logs under /var/log/nginx/ in " + CONFIG);
    }
    return site.replace("/var/log/nginx/", logs.toAbsolutePath() + "/");
  }

  /** Starts nginx in {@code dir} in front of {@code upstreams}; returns once it accepts connections. */
  public static Nginx start(Path dir, List<String> upstreams) throws Exception {
    requireInstalled();
    Path prefix = Files.createDirectories(dir.toAbsolutePath());
    Path logs = Files.createDirectories(prefix.resolve("logs"));
    Path temp = Files.createDirectories(prefix.resolve("temp"));
    int port = GatewayProcess.freePort();
    Files.writeString(prefix.resolve("linkgate.conf"), siteConfig(Files.readString(CONFIG), upstreams, port, logs));
    boolean root = "root".equals(System.getProperty("user.name"));
    String main = (root ? "user root;\n" : "") // workers write temp files under this test's directory
        + "worker_processes 1;\n"
        + "pid " + prefix.resolve("nginx.pid") + ";\n"
        + "error_log " + logs.resolve("main-error.log") + " notice;\n"
        + "events { worker_connections 512; }\n"
        + "http {\n"
        + "  client_body_temp_path " + temp.resolve("body") + ";\n"
        + "  proxy_temp_path " + temp.resolve("proxy") + ";\n"
        + "  fastcgi_temp_path " + temp.resolve("fastcgi") + ";\n"
        + "  uwsgi_temp_path " + temp.resolve("uwsgi") + ";\n"
        + "  scgi_temp_path " + temp.resolve("scgi") + ";\n"
        + "  include " + prefix.resolve("linkgate.conf") + ";\n"
        + "}\n";
    Path conf = prefix.resolve("nginx.conf");
    Files.writeString(conf, main);
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-p", prefix + "/", "-e", logs.resolve("startup.log").toString(),
        "-c", conf.toString(), "-g", "daemon off;"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logs.resolve("console.txt").toFile()).start();
    Nginx nginx = new Nginx(process, prefix, port);
    nginx.awaitListening(Duration.ofSeconds(10));
    return nginx;
  }

  private void awaitListening(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("nginx exited with " + process.exitValue() + ":\n" + read("console.txt") + read("main-error.log"));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50); // polling a child process's port; nothing to wait on directly
      }
    }
    close();
    throw new AssertionError("nginx not listening within " + timeout + ":\n" + read("main-error.log"));
  }

  public int port() {
    return port;
  }

  /** The access log (format {@code linkgate}: one JSON object per line). */
  public List<String> accessLog() throws IOException {
    Path log = dir.resolve("logs").resolve("linkgate-access.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** Everything nginx wrote besides the access log: error logs and console. */
  public String errorLogs() throws IOException {
    return read("startup.log") + read("main-error.log") + read("linkgate-error.log") + read("console.txt");
  }

  private String read(String name) throws IOException {
    Path file = dir.resolve("logs").resolve(name);
    return Files.exists(file) ? Files.readString(file) : "";
  }

  /** SIGTERM (nginx's fast shutdown); the master stops its workers. Workers left behind are killed by PID. */
  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> workers = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    for (ProcessHandle worker : workers) {
      if (worker.isAlive()) {
        worker.destroyForcibly();
      }
    }
  }
}
