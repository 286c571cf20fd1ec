package io.linkgate.privacy;

import java.security.SecureRandom;

/**
 * Cryptographically strong random bytes for the hot path (usage ids, GCM nonces): each thread draws from
 * its own buffer, refilled from one {@link SecureRandom} a kilobyte at a time. A shared SecureRandom asked for
 * 12 or 16 bytes per call took its lock and read the kernel's source every time (~1.7 % of a cache hit's CPU).
 * Bytes are handed out once and never shared between threads.
 */
public final class RandomBytes {

  private static final int REFILL = 1024;
  private static final SecureRandom SOURCE = new SecureRandom();
  private static final ThreadLocal<RandomBytes> LOCAL = ThreadLocal.withInitial(RandomBytes::new);

  private final byte[] buffer = new byte[REFILL];
  private int next = REFILL;

  private RandomBytes() {
  }

  /** Fills {@code out} with fresh random bytes. */
  public static void fill(byte[] out) {
    LOCAL.get().take(out, out.length);
  }

  /** Fills the first {@code n} bytes of {@code out} with fresh random bytes (the rest is left as it is). */
  public static void fill(byte[] out, int n) {
    if (n < 0 || n > out.length) {
      throw new IndexOutOfBoundsException("cannot fill " + n + " of " + out.length + " bytes");
    }
    LOCAL.get().take(out, n);
  }

  /** Eight fresh random bytes as a long. */
  public static long nextLong() {
    RandomBytes r = LOCAL.get();
    r.ensure(Long.BYTES);
    byte[] b = r.buffer;
    int i = r.next;
    r.next += Long.BYTES;
    return ((b[i] & 0xffL) << 56) | ((b[i + 1] & 0xffL) << 48) | ((b[i + 2] & 0xffL) << 40) | ((b[i + 3] & 0xffL) << 32)
        | ((b[i + 4] & 0xffL) << 24) | ((b[i + 5] & 0xffL) << 16) | ((b[i + 6] & 0xffL) << 8) | (b[i + 7] & 0xffL);
  }

  private void take(byte[] out, int n) {
    if (n > REFILL) {
      byte[] fresh = n == out.length ? out : new byte[n];
      SOURCE.nextBytes(fresh);
      if (fresh != out) {
        System.arraycopy(fresh, 0, out, 0, n);
      }
      return;
    }
    ensure(n);
    System.arraycopy(buffer, next, out, 0, n);
    next += n;
  }

  private void ensure(int n) {
    if (next + n > REFILL) {
      SOURCE.nextBytes(buffer);
      next = 0;
    }
  }
}
