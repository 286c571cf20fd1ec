package io.linkgate.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Token buckets per session and agency service, in this instance's memory (the load balancer hashes on the
 * session token, so every request of a session meets the same buckets). Bounded; an unused bucket is
 * dropped after a while. A bucket whose limit is unchanged after a reload keeps its state; a changed limit
 * starts a full bucket.
 */
final class SessionBuckets {

  record Key(UUID session, String service) {
  }

  /** The outcome: allowed, or the wait; with what the RateLimit headers report. */
  record Verdict(long waitMillis, Limit limit, int remaining, long resetSeconds) {
    boolean allowed() {
      return waitMillis == 0;
    }
  }

  private final Cache<Key, TokenBucket> buckets;
  private final Clock clock;

  SessionBuckets(Clock clock, int maxBuckets) {
    this.clock = clock;
    this.buckets = Caffeine.newBuilder()
        .maximumSize(maxBuckets)
        .expireAfterAccess(Duration.ofHours(1))
        .ticker(() -> clock.millis() * 1_000_000L)
        .executor(Runnable::run)
        .build();
  }

  Verdict take(Key key, Limit limit) {
    long now = clock.millis();
    TokenBucket bucket = buckets.asMap().compute(key, (k, existing) -> {
      if (existing == null) {
        return new TokenBucket(limit, now);
      }
      return existing.limit().equals(limit) ? existing : new TokenBucket(limit, now); // a changed limit starts afresh
    });
    long wait = bucket.tryTake(now);
    return new Verdict(wait, limit, bucket.remaining(now), bucket.secondsToFull(now));
  }
}
