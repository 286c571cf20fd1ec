package io.linkgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The session buckets refill at their rate, however long a session leaves one unused. */
class SessionBucketsTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
  final SessionBuckets buckets = new SessionBuckets(clock, 1000);
  final SessionBuckets.Key key = new SessionBuckets.Key(UUID.randomUUID(), "NC-CIVILREG");

  @Test
  void should_refill_a_drained_bucket_at_its_rate_when_it_sat_unused_for_over_an_hour() {
    Limit slow = new Limit(0.001, 5); // five at once, then one per 1,000 s: full again 5,000 s after draining
    for (int i = 0; i < 5; i++) {
      assertTrue(buckets.take(key, slow).allowed(), "lookup " + (i + 1) + " of the burst");
    }
    assertFalse(buckets.take(key, slow).allowed(), "the bucket is empty");
    clock.advance(Duration.ofMinutes(61)); // 3,660 s unused: 3.66 tokens back
    for (int i = 0; i < 3; i++) {
      assertTrue(buckets.take(key, slow).allowed(), "lookup " + (i + 1) + " after the pause");
    }
    assertFalse(buckets.take(key, slow).allowed(), "a fourth: the pause gave back 3 tokens, not a full bucket");
  }

  @Test
  void should_start_a_full_bucket_once_the_old_one_would_have_refilled() {
    Limit limit = new Limit(1, 3);
    for (int i = 0; i < 3; i++) {
      assertTrue(buckets.take(key, limit).allowed());
    }
    assertFalse(buckets.take(key, limit).allowed());
    clock.advance(Duration.ofSeconds(3));
    for (int i = 0; i < 3; i++) {
      assertTrue(buckets.take(key, limit).allowed(), "lookup " + (i + 1) + " of a refilled bucket");
    }
    assertFalse(buckets.take(key, limit).allowed());
  }
}
