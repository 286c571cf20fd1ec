package io.linkgate.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.http.ProblemException;
import io.linkgate.testing.MutableClock;
import io.linkgate.upstream.LinkageStatus;
import io.linkgate.upstream.UpstreamProblems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A purge holds against the fetches it raced: the stand-in upstream below holds its answer until the purge has
 * answered, then gives it; the answer is the caller's, but the next lookup is a miss, not served from the cache.
 */
class LookupCachePurgeTest {

  static final CacheConfig.CacheName PERSON = CacheConfig.CacheName.PERSON;

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
  final CacheConfig.DatasetCache dataset = new CacheConfig.DatasetCache(Duration.ofMinutes(10), 1 << 20);
  final LookupCache cache = new LookupCache(new CacheConfig(Duration.ofSeconds(30), Duration.ofHours(1), Map.of(PERSON, dataset,
      CacheConfig.CacheName.HOUSE, dataset, CacheConfig.CacheName.LINKAGE_OTHER, dataset, CacheConfig.CacheName.JURISTIC, dataset)),
      clock, new SimpleMeterRegistry());
  final LookupCache.Key key = new LookupCache.Key("linkage/001/01", "01", "3101700001098");
  final AtomicInteger fetches = new AtomicInteger();

  static Fetched found(String name) {
    return new Fetched.Found(Buffer.buffer("{\"firstName\":\"" + name + "\"}"));
  }

  /** A lookup whose upstream answers at once, counted (a lookup that waits on a held fetch times out). */
  LookupCache.Result lookup() throws Exception {
    return cache.get(PERSON, key, () -> {
      fetches.incrementAndGet();
      return Future.succeededFuture(found("after"));
    }).await(5, TimeUnit.SECONDS);
  }

  /** Starts a lookup whose upstream holds its answer until {@code held} is completed. */
  Future<LookupCache.Result> heldLookup(Promise<Fetched> held) {
    return cache.get(PERSON, key, held::future);
  }

  @Test
  void should_not_store_an_answer_fetched_across_a_purge_of_the_dataset() throws Exception {
    Promise<Fetched> held = Promise.promise();
    Future<LookupCache.Result> inFlight = heldLookup(held);
    assertEquals(0, cache.purge(PERSON, null));
    held.complete(found("before"));
    assertEquals(CacheStatus.MISS, inFlight.await(5, TimeUnit.SECONDS).status(), "the caller still gets its answer");
    assertEquals(CacheStatus.MISS, lookup().status(), "the purge holds: the answer fetched across it was not stored");
    assertEquals(1, fetches.get());
    assertEquals(CacheStatus.HIT, lookup().status(), "answers fetched after the purge are cached again");
  }

  @Test
  void should_not_store_an_answer_fetched_across_a_purge_of_its_target() throws Exception {
    Promise<Fetched> held = Promise.promise();
    Future<LookupCache.Result> inFlight = heldLookup(held);
    cache.purge(PERSON, key.target());
    held.complete(found("before"));
    inFlight.await(5, TimeUnit.SECONDS);
    assertEquals(CacheStatus.MISS, lookup().status());
    assertEquals(1, fetches.get());
  }

  @Test
  void should_not_store_a_not_found_fetched_across_a_purge() throws Exception {
    Promise<Fetched> held = Promise.promise();
    Future<LookupCache.Result> inFlight = heldLookup(held);
    cache.purge(PERSON, key.target());
    held.complete(new Fetched.NotFound(LinkageStatus.toProblem("90500")));
    assertTrue(inFlight.await(5, TimeUnit.SECONDS).answer() instanceof Fetched.NotFound);
    LookupCache.Result next = lookup();
    assertEquals(CacheStatus.MISS, next.status(), "the negative entry was not stored after the purge");
    assertTrue(next.answer() instanceof Fetched.Found);
  }

  @Test
  void should_not_let_a_lookup_after_the_purge_join_a_fetch_that_started_before_it() throws Exception {
    Promise<Fetched> held = Promise.promise();
    heldLookup(held);
    cache.purge(PERSON, null);
    LookupCache.Result after = lookup();
    assertEquals(1, fetches.get(), "it asked the upstream itself");
    assertEquals("{\"firstName\":\"after\"}", ((Fetched.Found) after.answer()).body().toString());
    held.complete(found("before"));
    assertEquals(CacheStatus.HIT, lookup().status());
    assertEquals("{\"firstName\":\"after\"}", ((Fetched.Found) lookup().answer()).body().toString(),
        "the fetch from before the purge, ending last, did not overwrite the newer answer");
  }

  @Test
  void should_not_serve_a_purged_answer_as_stale_when_the_fetch_it_raced_fails() throws Exception {
    assertEquals(CacheStatus.MISS, lookup().status());
    clock.advance(Duration.ofMinutes(11)); // expired, within the stale-if-error window
    Promise<Fetched> held = Promise.promise();
    Future<LookupCache.Result> inFlight = heldLookup(held);
    assertEquals(1, cache.purge(PERSON, key.target()));
    held.fail(UpstreamProblems.UNAVAILABLE.exception("down"));
    Throwable failure = inFlight.transform(ar -> Future.succeededFuture(ar.succeeded() ? null : ar.cause())).await(5, TimeUnit.SECONDS);
    assertTrue(failure instanceof ProblemException p && p.type() == UpstreamProblems.UNAVAILABLE,
        "the upstream's failure, not the purged answer as STALE: " + failure);
  }

  @Test
  void should_still_serve_a_stale_answer_when_no_purge_came() throws Exception {
    lookup();
    clock.advance(Duration.ofMinutes(11));
    Promise<Fetched> held = Promise.promise();
    Future<LookupCache.Result> inFlight = heldLookup(held);
    held.fail(UpstreamProblems.UNAVAILABLE.exception("down"));
    assertEquals(CacheStatus.STALE, inFlight.await(5, TimeUnit.SECONDS).status());
  }
}
