package io.linkgate.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.config.GatewayConfig;
import io.linkgate.http.ProblemException;
import io.linkgate.upstream.GdxClient;
import io.linkgate.upstream.LinkageStatus;
import io.linkgate.upstream.UpstreamProblems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent misses of one key share one fetch: its answer and the upstream's own failures, not the first caller's
 * refusal, nor a failure of GDX's token service to give the first caller's officer a token.
 */
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

  /**
   * GDX's token service answering 5xx for the first caller's officer: that officer has no token, the data call was not
   * made. A waiter (another officer) holds a token or gets one, so it asks for itself; were the failure shared, it
   * would get the first caller's 502 upstream-error.
   */
  @Test
  void should_let_a_waiter_ask_for_itself_when_gdx_s_token_service_failed_the_first_caller() throws Exception {
    String first = "1101700001016";
    CompletableFuture<HttpServerRequest> heldTokenCall = new CompletableFuture<>();
    AtomicInteger dataCalls = new AtomicInteger();
    HttpServer gdxStandIn = vertx.createHttpServer().requestHandler(req -> {
      if (!req.path().equals("/ws/auth/validate")) {
        dataCalls.incrementAndGet();
        req.response().putHeader("Content-Type", "application/json").end("{\"firstName\":\"B\"}");
      } else if (first.equals(req.getParam("AgentID"))) {
        heldTokenCall.complete(req); // answered 503 once the second caller waits on the first's fetch
      } else {
        req.response().putHeader("Content-Type", "application/json").end("{\"Result\":\"token-b\"}");
      }
    }).listen(0, "127.0.0.1").await();
    GdxClient gdx = new GdxClient(vertx, GatewayConfig.load(null, Map.of(), Map.of()).upstream(),
        URI.create("http://127.0.0.1:" + gdxStandIn.actualPort()), Clock.systemUTC());
    Function<String, Supplier<Future<Fetched>>> fetchAs =
        agent -> () -> gdx.get(agent, "/ws/data", Map.of()).map(r -> new Fetched.Found(r.body()));

    CompletableFuture<Future<LookupCache.Result>> leader = new CompletableFuture<>();
    a.runOnContext(v -> leader.complete(cache.get(CacheConfig.CacheName.PERSON, key, fetchAs.apply(first))));
    HttpServerRequest tokenCall = heldTokenCall.get(5, TimeUnit.SECONDS);
    CompletableFuture<Future<LookupCache.Result>> waiter = new CompletableFuture<>();
    b.runOnContext(v -> waiter.complete(cache.get(CacheConfig.CacheName.PERSON, key, fetchAs.apply("3101700001098"))));
    Future<LookupCache.Result> second = waiter.get(5, TimeUnit.SECONDS);
    tokenCall.response().setStatusCode(503).end("{}");

    Throwable failed = leader.get(5, TimeUnit.SECONDS).transform(ar -> Future.succeededFuture(ar.cause())).await(5, TimeUnit.SECONDS);
    assertTrue(GdxClient.isTokenCallFailure(failed) && ((ProblemException) failed).type() == UpstreamProblems.ERROR, String.valueOf(failed));
    LookupCache.Result r = second.await(5, TimeUnit.SECONDS);
    assertEquals(CacheStatus.MISS, r.status());
    assertEquals("{\"firstName\":\"B\"}", ((Fetched.Found) r.answer()).body().toString(), "the waiter's own answer");
    assertEquals(1, dataCalls.get(), "the data call was made once, by the waiter");
  }
}
