package io.linkgate.cardedge.vpcd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The pcscd an end-to-end test talks to: its own {@code pcscd -f} with a private configuration directory that
 * only loads the vpcd driver on a free port, or — when a pcscd (or its systemd socket) already owns
 * {@code /run/pcscd/pcscd.comm} and a second one cannot start — that one, with Debian's vpcd configuration
 * (port 35963, reader "Virtual PCD"). Only a pcscd this class started is ever stopped, by its own PID.
 */
final class PcscdUnderTest implements AutoCloseable {

  static final List<Path> PCSCD = List.of(Path.of("/usr/sbin/pcscd"), Path.of("/usr/bin/pcscd"), Path.of("/sbin/pcscd"),
      Path.of("/usr/local/sbin/pcscd"));
  static final List<Path> VPCD_DRIVER = List.of(Path.of("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"),
      Path.of("/usr/lib64/pcsc/drivers/serial/libifdvpcd.so"),
      Path.of("/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so"));
  static final Path SOCKET = Path.of("/run/pcscd/pcscd.comm");
  static final Path DEBIAN_VPCD_CONFIG = Path.of("/etc/reader.conf.d/vpcd");
  static final String READER_FRIENDLY_NAME = "LinkGate Test VPCD";

  private final Process process;
  private final int port;
  private final String readerPrefix;
  private final Deque<String> log;

  private PcscdUnderTest(Process process, int port, String readerPrefix, Deque<String> log) {
    this.process = process;
    this.port = port;
    this.readerPrefix = readerPrefix;
    this.log = log;
  }

  static Optional<Path> first(List<Path> candidates) {
    return candidates.stream().filter(Files::isRegularFile).findFirst();
  }

  /** Whether some pcscd already serves (or systemd holds) the PC/SC socket. */
  static boolean alreadyRunning() {
    return Files.exists(SOCKET);
  }

  /** Starts our own pcscd with only the vpcd reader, on a free port pair, and waits until it is ready. */
  static PcscdUnderTest start(Path pcscd, Path driver, Path configDirectory) throws IOException, InterruptedException {
    int port = freePortPair();
    Files.writeString(configDirectory.resolve("linkgate-vpcd"), String.join("\n",
        "FRIENDLYNAME \"" + READER_FRIENDLY_NAME + "\"",
        "DEVICENAME   /dev/null:" + port,
        "LIBPATH      " + driver,
        "CHANNELID    " + port, ""));
    // -f: foreground, so the PID is the daemon's; -i: info level, which announces "daemon ready" (never -a/-d:
    // they would log APDUs)
    Process process = new ProcessBuilder(pcscd.toString(), "-f", "-i", "-c", configDirectory.toString())
        .redirectErrorStream(true).start();
    Deque<String> log = new ArrayDeque<>();
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread drainer = new Thread(() -> drain(process, log, ready), "pcscd-under-test-output");
    drainer.setDaemon(true);
    drainer.start();
    PcscdUnderTest started = new PcscdUnderTest(process, port, READER_FRIENDLY_NAME, log);
    boolean isReady;
    try {
      isReady = ready.get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      isReady = false;
    }
    if (!isReady) {
      started.close();
      throw new IOException("pcscd did not become ready; its output:\n" + started.output());
    }
    return started;
  }

  /** The already running pcscd, assuming Debian's vpcd configuration. */
  static PcscdUnderTest existing() {
    return new PcscdUnderTest(null, VpcdBridge.DEFAULT_PORT, "Virtual PCD", new ArrayDeque<>());
  }

  boolean ours() {
    return process != null;
  }

  int port() {
    return port;
  }

  /** The name of vpcd's first slot, as PC/SC lists it. */
  String firstSlotReader() {
    return readerPrefix + " 00 00";
  }

  String output() {
    synchronized (log) {
      return String.join("\n", log);
    }
  }

  /** Stops our pcscd (SIGTERM to its PID, then SIGKILL if it lingers); leaves any other pcscd alone. */
  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void drain(Process process, Deque<String> log, CompletableFuture<Boolean> ready) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        synchronized (log) {
          log.addLast(line);
          if (log.size() > 200) {
            log.removeFirst();
          }
        }
        if (line.contains("daemon ready")) {
          ready.complete(true);
        }
      }
    } catch (IOException e) {
      // the process ended
    } finally {
      ready.complete(false);
    }
  }

  /** vpcd opens two slots, on the configured port and the next one (it binds all interfaces). */
  private static int freePortPair() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20000, 60000);
      try (ServerSocket first = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"));
           ServerSocket second = new ServerSocket(port + 1, 1, InetAddress.getByName("0.0.0.0"))) {
        first.setReuseAddress(true);
        second.setReuseAddress(true);
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("No free port pair for vpcd");
  }
}
