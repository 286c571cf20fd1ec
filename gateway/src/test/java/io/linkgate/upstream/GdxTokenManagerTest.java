package io.linkgate.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkgate.testing.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GdxTokenManagerTest {

  final Vertx vertx = Vertx.vertx();
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
  final AtomicInteger fetches = new AtomicInteger();
  final List<Promise<String>> pending = new ArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  GdxTokenManager manager() {
    return new GdxTokenManager(vertx, Duration.ofMinutes(55), clock, agent -> {
      fetches.incrementAndGet();
      Promise<String> p = Promise.promise();
      pending.add(p);
      return p.future();
    });
  }

  @Test
  void should_fetch_once_for_a_hundred_concurrent_callers() {
    GdxTokenManager tokens = manager();
    List<Future<String>> callers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      callers.add(tokens.token("1101700001016"));
    }
    assertEquals(1, fetches.get());
    pending.get(0).complete("t1");
    for (Future<String> f : callers) {
      assertEquals("t1", f.await());
    }
  }

  @Test
  void should_drop_an_idle_token_and_a_refused_one_but_not_a_newer_one() {
    GdxTokenManager tokens = manager();
    Future<String> first = tokens.token("agent");
    pending.get(0).complete("t1");
    assertEquals("t1", first.await());
    clock.advance(Duration.ofMinutes(54));
    assertEquals("t1", tokens.token("agent").await(), "used within the idle period");
    clock.advance(Duration.ofMinutes(54));
    assertEquals("t1", tokens.token("agent").await(), "each use starts the idle period again");
    assertEquals(1, fetches.get());
    clock.advance(Duration.ofMinutes(56));
    Future<String> afterIdle = tokens.token("agent");
    assertEquals(2, fetches.get());
    pending.get(1).complete("t2");
    assertEquals("t2", afterIdle.await());
    tokens.invalidate("agent", "t1"); // a late 401 for the old token must not drop the new one
    assertEquals("t2", tokens.token("agent").await());
    tokens.invalidate("agent", "t2");
    tokens.token("agent");
    assertEquals(3, fetches.get());
  }

  @Test
  void should_not_cache_a_failed_fetch() {
    GdxTokenManager tokens = manager();
    Future<String> failed = tokens.token("agent");
    pending.get(0).fail(new IllegalStateException("GDX down"));
    assertEquals("GDX down", failed.transform(ar -> Future.succeededFuture(ar.cause().getMessage())).await());
    tokens.token("agent");
    assertEquals(2, fetches.get());
  }
}
