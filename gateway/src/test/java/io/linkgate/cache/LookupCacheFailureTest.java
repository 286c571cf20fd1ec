package io.linkgate.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.MutableClock;
import io.linkgate.upstream.GdxClient;
import io.linkgate.upstream.UpstreamProblems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failures: an expired answer stands in for the upstream's, never for a refusal of the caller; a fetch that throws; a key's text. */
class LookupCacheFailureTest {

  static final CacheConfig.CacheName PERSON = CacheConfig.CacheName.PERSON;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
  final CacheConfig.DatasetCache dataset = new CacheConfig.DatasetCache(Duration.ofMinutes(10), 1 << 20);
  final LookupCache cache = new LookupCache(new CacheConfig(Duration.ofSeconds(30), Duration.ofHours(1),
      Map.of(PERSON, dataset, CacheConfig.CacheName.HOUSE, dataset, CacheConfig.CacheName.LINKAGE_OTHER, dataset,
          CacheConfig.CacheName.JURISTIC, dataset)), clock, new SimpleMeterRegistry());
  final LookupCache.Key key = new LookupCache.Key("linkage/001/01", "01", "3101700001098");

  private LookupCache.Result after(Throwable failure) {
    return cache.get(PERSON, key, () -> Future.failedFuture(failure))
        .transform(ar -> Future.succeededFuture(ar.succeeded() ? ar.result() : null)).await();
  }

  /**
   * GDX refusing this call's credentials or permissions (403, or 401 with a fresh token) is the caller's refusal: the
   * person's expired answer was served to it as STALE for up to the stale window (an hour by default).
   */
  @Test
  void should_serve_an_expired_answer_when_the_upstream_fails_but_not_to_a_caller_it_refused() {
    cache.get(PERSON, key, () -> Future.succeededFuture(new Fetched.Found(Buffer.buffer("{\"a\":1}")))).await();
    clock.advance(Duration.ofMinutes(11)); // expired, within the stale window

    LookupCache.Result refused = after(GdxClient.UPSTREAM_REFUSED.exception("GDX refused the call with HTTP 403").with("upstreamStatus", 403));
    assertTrue(refused == null, "a caller GDX refused was served " + (refused == null ? null : refused.status()));

    LookupCache.Result failed = after(UpstreamProblems.UNAVAILABLE.exception("down"));
    assertEquals(CacheStatus.STALE, failed.status(), "the upstream's own failure: the expired answer");
  }

  /** A fetch that throws instead of failing its future: the key stayed in flight, every later lookup of it waited forever. */
  @Test
  void should_not_leave_a_key_in_flight_when_its_fetch_throws() {
    Future<LookupCache.Result> thrown = cache.get(PERSON, key, () -> {
      throw new IllegalStateException("a bug");
    });
    assertTrue(thrown.failed(), "the caller hears the failure");
    Future<LookupCache.Result> next = cache.get(PERSON, key, () -> Future.succeededFuture(new Fetched.Found(Buffer.buffer("{}"))));
    assertEquals(CacheStatus.MISS, next.await().status(), "the next lookup fetches again");
  }

  /** A key's text never holds its target (a citizen ID): what reaches a log must tell no one's. */
  @Test
  void should_leave_the_target_out_of_a_keys_text() {
    assertFalse(key.toString().contains(key.target()), key.toString());
  }
}
