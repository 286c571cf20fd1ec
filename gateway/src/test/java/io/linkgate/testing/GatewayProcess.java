package io.linkgate.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's {@code Main} in a child JVM, for what only a real process shows: exit status after
 * SIGTERM, SIGKILL in the middle of work. Output goes to files in the given directory.
 */
public final class GatewayProcess implements AutoCloseable {

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final int managementPort;
  private final int apiPort;

  private GatewayProcess(Process process, Path stdout, Path stderr, int apiPort, int managementPort) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.apiPort = apiPort;
    this.managementPort = managementPort;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts {@code Main} with {@code args}, fixed free API/management/sandbox ports, and {@code env}; ports given in
   * {@code env} ({@code LINKGATE_API_PORT}, {@code LINKGATE_MANAGEMENT_PORT}) are kept, e.g. to restart an instance
   * where a load balancer expects it.
   */
  public static GatewayProcess start(Path dir, List<String> args, Map<String, String> env) throws IOException {
    return start(dir, args, env, null);
  }

  /** The same, with the process's standard output written to {@code stdoutTarget} (null: {@code dir/stdout.txt}). */
  public static GatewayProcess start(Path dir, List<String> args, Map<String, String> env, Path stdoutTarget) throws IOException {
    int api = env.containsKey("LINKGATE_API_PORT") ? Integer.parseInt(env.get("LINKGATE_API_PORT")) : freePort();
    int management = env.containsKey("LINKGATE_MANAGEMENT_PORT") ? Integer.parseInt(env.get("LINKGATE_MANAGEMENT_PORT")) : freePort();
    int sandbox = freePort();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.linkgate.Main"));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    Files.createDirectories(dir);
    Path out = stdoutTarget != null ? stdoutTarget : dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("LINKGATE_API_PORT", Integer.toString(api));
    pb.environment().put("LINKGATE_API_HOST", "127.0.0.1");
    pb.environment().put("LINKGATE_MANAGEMENT_PORT", Integer.toString(management));
    pb.environment().put("LINKGATE_MANAGEMENT_HOST", "127.0.0.1");
    pb.environment().put("LINKGATE_SANDBOX_PORT", Integer.toString(sandbox));
    pb.environment().put("LINKGATE_API_INSTANCES", "2");
    pb.environment().put("LINKGATE_REPORT_DEMO_HISTORY", "false"); // tests count their own records
    pb.environment().putAll(env);
    return new GatewayProcess(pb.start(), out, err, api, management);
  }

  /** Polls readiness until 200 or the deadline; fails with the process's stderr if it never gets there. */
  public void awaitReady(Duration timeout) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("gateway exited with " + process.exitValue() + ":\n" + Files.readString(stderr));
      }
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100); // polling a child process for readiness; nothing to inject here
    }
    throw new AssertionError("gateway not ready within " + timeout + ":\n" + Files.readString(stderr));
  }

  public int apiPort() {
    return apiPort;
  }

  public int managementPort() {
    return managementPort;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGTERM, then the exit status (or -1 if it did not exit in time). */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  public String stdout() throws IOException {
    return Files.readString(stdout);
  }

  public String stderr() throws IOException {
    return Files.readString(stderr);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
