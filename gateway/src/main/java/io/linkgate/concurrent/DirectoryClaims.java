package io.linkgate.concurrent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The directories this process has taken for itself (an embedded PostgreSQL's cluster, a usage journal), known by
 * their identity on disk (device and inode), so that a symlink or another spelling of a path ({@code ./data},
 * {@code data/.}, a relative path) is the same directory. Asked before a lock file in such a directory is opened at
 * all: those locks are POSIX record locks, held by the process, and closing any channel this process has on the file
 * (a probe that finds it locked) releases them, letting another process in beside the one running here. Process-wide
 * like the locks it protects, hence static.
 */
public final class DirectoryClaims {

  private static final Set<Object> CLAIMED = ConcurrentHashMap.newKeySet();

  private DirectoryClaims() {
  }

  /**
   * A directory held by this process until {@link #close}. Closing again does nothing: it must not release the claim
   * that took the directory since (a failed start closes its claim, then its caller closes it again).
   */
  public static final class Claim implements AutoCloseable {
    private final Object identity;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Claim(Object identity) {
      this.identity = identity;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        CLAIMED.remove(identity);
      }
    }
  }

  /** Claims {@code directory} (which must exist) for this process; empty when this process holds it already. */
  public static Optional<Claim> claim(Path directory) throws IOException {
    Object key = Files.readAttributes(directory, BasicFileAttributes.class).fileKey();
    Object identity = key != null ? key : directory.toRealPath(); // no file keys on this platform
    return CLAIMED.add(identity) ? Optional.of(new Claim(identity)) : Optional.empty();
  }
}
