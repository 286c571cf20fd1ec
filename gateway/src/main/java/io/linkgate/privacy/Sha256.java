package io.linkgate.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of request credentials (agency API keys, session tokens) with one digest per thread: looking the
 * algorithm up through the security providers on every request cost more than hashing the few bytes.
 */
public final class Sha256 {

  private static final int SCRATCH = 256;

  /** This thread's digest, and room for an ASCII credential's bytes (no array per request). */
  private static final class PerThread {
    final MessageDigest digest;
    final byte[] scratch = new byte[SCRATCH];

    PerThread() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final ThreadLocal<PerThread> CURRENT = ThreadLocal.withInitial(PerThread::new);

  private Sha256() {
  }

  /** SHA-256 of the UTF-8 bytes of {@code text}. */
  public static byte[] of(String text) {
    PerThread t = CURRENT.get();
    MessageDigest digest = t.digest;
    digest.reset();
    int n = text.length();
    if (n <= SCRATCH) {
      byte[] b = t.scratch;
      int i = 0;
      for (; i < n; i++) {
        char c = text.charAt(i);
        if (c >= 0x80) {
          break;
        }
        b[i] = (byte) c; // ASCII: its UTF-8 is the same byte
      }
      if (i == n) {
        digest.update(b, 0, n);
        return digest.digest();
      }
    }
    return digest.digest(text.getBytes(StandardCharsets.UTF_8));
  }
}
