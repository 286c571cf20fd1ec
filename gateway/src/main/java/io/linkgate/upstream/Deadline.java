package io.linkgate.upstream;

import java.time.Duration;

/**
 * When a lookup's or a login's time for its upstream calls is up ({@code upstream.lookupTimeout}): a GDX token, the
 * call (or a login's card check and agent check), a new token and the call again after a 401, and retries all come
 * out of it, each call getting the smaller of its own limit ({@code upstream.requestTimeout}) and the time left.
 * {@link #NONE} for calls outside both, which have only their own limit.
 */
public final class Deadline {

  public static final Deadline NONE = new Deadline(0, false);

  private final long atNanos;
  private final boolean bounded;

  private Deadline(long atNanos, boolean bounded) {
    this.atNanos = atNanos;
    this.bounded = bounded;
  }

  /** {@code budget} after {@code startNanos} ({@link System#nanoTime()}). */
  public static Deadline after(long startNanos, Duration budget) {
    return new Deadline(startNanos + budget.toNanos(), true);
  }

  /**
   * The time a call may take now, in milliseconds: {@code own}, or the time left when less; 0 once passed. The time
   * left is rounded up, so a call cut by the deadline ends at it, not up to a millisecond before with a sliver left
   * that would start a retry doomed to time out at once.
   */
  long limitMillis(Duration own) {
    if (!bounded) {
      return own.toMillis();
    }
    long left = atNanos - System.nanoTime();
    return left <= 0 ? 0 : Math.min(own.toMillis(), (left + 999_999) / 1_000_000);
  }

  /** Whether more than {@code millis} are left (always, without a deadline). */
  boolean leaves(long millis) {
    return !bounded || atNanos - System.nanoTime() > millis * 1_000_000;
  }
}
