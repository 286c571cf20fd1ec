package io.linkgate.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.http.ProblemException;
import io.linkgate.testing.MutableClock;
import io.linkgate.upstream.LinkageStatus;
import io.linkgate.upstream.UpstreamProblems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A "not found" from the upstream ends what the cache knew of the target, also when not-found answers are not remembered. */
class LookupCacheNotFoundTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
  final LookupCache.Key key = new LookupCache.Key("linkage/001/01", "01", "3101700001098");

  LookupCache cache(Duration notFoundTtl) {
    CacheConfig.DatasetCache dataset = new CacheConfig.DatasetCache(Duration.ofMinutes(10), 1 << 20);
    return new LookupCache(new CacheConfig(notFoundTtl, Duration.ofHours(1), Map.of(CacheConfig.CacheName.PERSON, dataset,
        CacheConfig.CacheName.HOUSE, dataset, CacheConfig.CacheName.LINKAGE_OTHER, dataset, CacheConfig.CacheName.JURISTIC, dataset)),
        clock, new SimpleMeterRegistry());
  }

  @Test
  void should_serve_no_stale_answer_once_the_upstream_said_not_found_when_not_found_is_not_cached() {
    LookupCache cache = cache(Duration.ZERO);
    cache.get(CacheConfig.CacheName.PERSON, key, () -> Future.succeededFuture(new Fetched.Found(Buffer.buffer("{\"firstName\":\"A\"}"))))
        .await();
    clock.advance(Duration.ofMinutes(11)); // expired, within the stale-if-error window
    LookupCache.Result gone = cache.get(CacheConfig.CacheName.PERSON, key,
        () -> Future.succeededFuture(new Fetched.NotFound(LinkageStatus.toProblem("90500")))).await();
    assertTrue(gone.answer() instanceof Fetched.NotFound);
    Throwable failure = cache.get(CacheConfig.CacheName.PERSON, key, () -> Future.failedFuture(UpstreamProblems.UNAVAILABLE.exception("down")))
        .transform(ar -> Future.succeededFuture(ar.succeeded() ? null : ar.cause())).await();
    assertTrue(failure instanceof ProblemException p && p.type() == UpstreamProblems.UNAVAILABLE,
        "the record the upstream no longer has is not served as STALE");
  }

  @Test
  void should_remember_not_found_for_its_ttl() {
    LookupCache cache = cache(Duration.ofSeconds(30));
    cache.get(CacheConfig.CacheName.PERSON, key, () -> Future.succeededFuture(new Fetched.NotFound(LinkageStatus.toProblem("90500"))))
        .await();
    assertEquals(CacheStatus.HIT, cache.get(CacheConfig.CacheName.PERSON, key, () -> Future.failedFuture(new AssertionError("not asked")))
        .await().status());
  }
}
