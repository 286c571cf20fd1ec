package io.linkgate.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.http.ProblemException;
import io.linkgate.upstream.LinkageStatus;
import io.linkgate.upstream.UpstreamProblems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Concurrent misses of one key share one fetch: its answer and the upstream's own failures, not the first caller's refusal. */
class LookupCacheWaitersTest {

  final Vertx vertx = Vertx.vertx();
  final LookupCache cache = new LookupCache(new CacheConfig(Duration.ofSeconds(30), Duration.ofHours(1), Map.of(
      CacheConfig.CacheName.PERSON, new CacheConfig.DatasetCache(Duration.ofMinutes(10), 1 << 20),
      CacheConfig.CacheName.HOUSE, new CacheConfig.DatasetCache(Duration.ofMinutes(10), 1 << 20),
      CacheConfig.CacheName.LINKAGE_OTHER, new CacheConfig.DatasetCache(Duration.ofMinutes(10), 1 << 20),
      CacheConfig.CacheName.JURISTIC, new CacheConfig.DatasetCache(Duration.ofMinutes(10), 1 << 20))),
      Clock.systemUTC(), new SimpleMeterRegistry());
  final LookupCache.Key key = new LookupCache.Key("linkage/001", "01", "3101700001098");
  final Context a = vertx.getOrCreateContext();
  final Context b = vertx.getOrCreateContext();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** The first caller's fetch is held open; a second caller on another event loop waits on it; then the first ends with {@code failure}. */
  Future<LookupCache.Result> waiterAfter(ProblemException failure, AtomicInteger waiterFetches, CompletableFuture<Context> waiterRanOn)
      throws Exception {
    Promise<Fetched> first = Promise.promise();
    CompletableFuture<Future<LookupCache.Result>> leader = new CompletableFuture<>();
    a.runOnContext(v -> leader.complete(cache.get(CacheConfig.CacheName.PERSON, key, first::future)));
    leader.get(5, TimeUnit.SECONDS);
    CompletableFuture<Future<LookupCache.Result>> waiter = new CompletableFuture<>();
    b.runOnContext(v -> waiter.complete(cache.get(CacheConfig.CacheName.PERSON, key, () -> {
      waiterFetches.incrementAndGet();
      return Future.succeededFuture(new Fetched.Found(Buffer.buffer("{\"firstName\":\"B\"}")));
    }).andThen(ar -> waiterRanOn.complete(Vertx.currentContext()))));
    Future<LookupCache.Result> result = waiter.get(5, TimeUnit.SECONDS);
    a.runOnContext(v -> first.fail(failure));
    return result;
  }

  @Test
  void should_let_a_waiter_ask_for_itself_when_the_first_caller_was_refused_for_its_own_office() throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    CompletableFuture<Context> ranOn = new CompletableFuture<>();
    // 90008: the first caller's office has used up its Linkage quota; nothing is wrong with the second caller
    LookupCache.Result r = waiterAfter(LinkageStatus.toProblem("90008"), fetches, ranOn).await(5, TimeUnit.SECONDS);
    assertTrue(r.answer() instanceof Fetched.Found, "the waiter got its own answer, not the other office's refusal");
    assertEquals(1, fetches.get());
    assertSame(b, ranOn.get(5, TimeUnit.SECONDS));
  }

  @Test
  void should_share_a_failure_of_the_upstream_itself_and_go_on_on_the_waiters_own_event_loop() throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    CompletableFuture<Context> ranOn = new CompletableFuture<>();
    Future<LookupCache.Result> result = waiterAfter(UpstreamProblems.TIMEOUT.exception("slow"), fetches, ranOn);
    Throwable failure = result.transform(ar -> Future.succeededFuture(ar.cause())).await(5, TimeUnit.SECONDS);
    assertTrue(failure instanceof ProblemException p && p.type() == UpstreamProblems.TIMEOUT, String.valueOf(failure));
    assertEquals(0, fetches.get(), "one upstream call for both");
    assertSame(b, ranOn.get(5, TimeUnit.SECONDS), "the waiter's request goes on on its own event loop");
  }
}
