package io.linkgate.testing;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Whether another process could take a file's lock now. File locks belong to a process (POSIX record locks), so only
 * a JVM of its own can tell whether this one still holds a lock: it tries the lock once and says {@code held} or
 * {@code free}.
 */
public final class LockProbe {

  private LockProbe() {
  }

  public static void main(String[] args) throws Exception {
    try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      System.out.println(lock == null ? "held" : "free");
    }
  }

  /** True when another process finds {@code file} locked (by this process, or any other). */
  public static boolean heldAgainstAnotherProcess(Path file) throws Exception {
    Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LockProbe.class.getName(), file.toString())
        .redirectErrorStream(true).start();
    String said = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!probe.waitFor(30, TimeUnit.SECONDS)) {
      probe.destroyForcibly();
      throw new AssertionError("the lock probe did not finish");
    }
    if (!said.equals("held") && !said.equals("free")) {
      throw new AssertionError("the lock probe failed: " + said);
    }
    return said.equals("held");
  }
}
