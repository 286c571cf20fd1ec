package io.linkgate.ratelimit;

/**
 * A token bucket: one per session and service (SessionBuckets), and the bound on recording unidentified refusals
 * (UnidentifiedRefusals). Thread-safe; time comes from the caller (an injected clock).
 */
public final class TokenBucket {

  private final Limit limit;
  private double tokens;
  private long lastMillis;

  public TokenBucket(Limit limit, long nowMillis) {
    this.limit = limit;
    this.tokens = limit.burst();
    this.lastMillis = nowMillis;
  }

  Limit limit() {
    return limit;
  }

  /** Takes a token: 0 when allowed, otherwise the milliseconds until one is available. */
  public synchronized long tryTake(long nowMillis) {
    refill(nowMillis);
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) * 1000 / limit.ratePerSecond());
  }

  synchronized int remaining(long nowMillis) {
    refill(nowMillis);
    return (int) Math.floor(tokens);
  }

  /** Seconds until the bucket is full again. */
  synchronized long secondsToFull(long nowMillis) {
    refill(nowMillis);
    return (long) Math.ceil((limit.burst() - tokens) / limit.ratePerSecond());
  }

  /** Nanoseconds until the bucket is full again. */
  synchronized long nanosToFull(long nowMillis) {
    refill(nowMillis);
    return (long) Math.ceil((limit.burst() - tokens) / limit.ratePerSecond() * 1e9);
  }

  private void refill(long nowMillis) {
    if (nowMillis > lastMillis) {
      tokens = Math.min(limit.burst(), tokens + (nowMillis - lastMillis) * limit.ratePerSecond() / 1000.0);
      lastMillis = nowMillis;
    }
  }
}
