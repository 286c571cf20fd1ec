package io.linkgate.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Token buckets per session and agency service, in this instance's memory (the load balancer hashes on the
 * session token, so every request of a session meets the same buckets). Bounded; a bucket is dropped when it
 * would be full again (a new one is the same), and a day after its last use at the latest (no session lives
 * longer: {@code session.maxLifetime} is at most a day). A bucket whose limit is unchanged after a reload keeps
 * its state; a changed limit starts a full bucket.
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

  private static final long MAX_KEPT_NANOS = Duration.ofDays(1).toNanos();

  private final Cache<Key, TokenBucket> buckets;
  private final Clock clock;

  SessionBuckets(Clock clock, int maxBuckets) {
    this.clock = clock;
    this.buckets = Caffeine.newBuilder()
        .maximumSize(maxBuckets)
        .expireAfter(new Expiry<Key, TokenBucket>() {
          @Override
          public long expireAfterCreate(Key key, TokenBucket bucket, long nowNanos) {
            return kept(bucket, nowNanos);
          }

          @Override
          public long expireAfterUpdate(Key key, TokenBucket bucket, long nowNanos, long currentDuration) {
            return kept(bucket, nowNanos);
          }

          @Override
          public long expireAfterRead(Key key, TokenBucket bucket, long nowNanos, long currentDuration) {
            return currentDuration;
          }
        })
        .ticker(() -> clock.millis() * 1_000_000L)
        .executor(Runnable::run)
        .build();
  }

  /** Until the bucket is full again: dropped earlier, a bucket drained and left unused would come back full. */
  private static long kept(TokenBucket bucket, long nowNanos) {
    return Math.min(MAX_KEPT_NANOS, bucket.nanosToFull(nowNanos / 1_000_000L));
  }

  Verdict take(Key key, Limit limit) {
    long now = clock.millis();
    Verdict[] verdict = new Verdict[1];
    // the token is taken inside compute, so that the bucket's expiry is reckoned from what is left in it
    buckets.asMap().compute(key, (k, existing) -> {
      TokenBucket bucket = existing != null && existing.limit().equals(limit) ? existing
          : new TokenBucket(limit, now); // a new or changed limit starts afresh
      long wait = bucket.tryTake(now);
      verdict[0] = new Verdict(wait, limit, bucket.remaining(now), bucket.secondsToFull(now));
      return bucket;
    });
    return verdict[0];
  }
}
