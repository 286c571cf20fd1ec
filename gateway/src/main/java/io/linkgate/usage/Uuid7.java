package io.linkgate.usage;

import io.linkgate.privacy.RandomBytes;
import java.util.UUID;

/** UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits; sorts by time. */
public final class Uuid7 {

  private Uuid7() {
  }

  public static UUID at(long unixMillis) {
    long randB = RandomBytes.nextLong();
    long randA = RandomBytes.nextLong() & 0xfffL;
    long msb = (unixMillis << 16) | 0x7000L | randA;
    long lsb = (randB & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** The creation time of a version-7 UUID, in Unix milliseconds. */
  public static long millis(UUID id) {
    return id.getMostSignificantBits() >>> 16;
  }
}
