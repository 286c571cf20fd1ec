package io.linkgate.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * LookupCache.reconfigure empties a dataset whose TTL got shorter ("its stored answers were given the old deadlines");
 * a store() that read the old config just before the swap put its entry after the emptying, with the old TTL, until
 * the reload counted as a purge. The reload is injected at that exact point (the clock read inside store, between its config read
 * and its put), as a reload thread running there would.
 */
class ReloadRacesStoreTest {

  static final CacheConfig.CacheName PERSON = CacheConfig.CacheName.PERSON;

  /** A settable clock that runs a hook once, at the first read made from inside LookupCache.store. */
  static final class HookClock extends Clock {
    final AtomicLong millis = new AtomicLong(Instant.parse("2026-11-02T03:00:00Z").toEpochMilli());
    final AtomicReference<Runnable> hook = new AtomicReference<>();

    @Override
    public long millis() {
      Runnable h = hook.get();
      if (h != null && StackWalker.getInstance().walk(s -> s.anyMatch(f -> f.getMethodName().equals("store")))
          && hook.compareAndSet(h, null)) {
        h.run();
      }
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  static CacheConfig config(Duration ttl) {
    CacheConfig.DatasetCache d = new CacheConfig.DatasetCache(ttl, 1 << 20);
    return new CacheConfig(Duration.ofSeconds(30), Duration.ofHours(1), Map.of(PERSON, d,
        CacheConfig.CacheName.HOUSE, d, CacheConfig.CacheName.LINKAGE_OTHER, d, CacheConfig.CacheName.JURISTIC, d));
  }

  @Test
  void should_not_keep_an_answer_stored_across_a_reload_that_shortened_the_ttl() throws Exception {
    HookClock clock = new HookClock();
    LookupCache cache = new LookupCache(config(Duration.ofMinutes(10)), clock, new SimpleMeterRegistry());
    LookupCache.Key key = new LookupCache.Key("linkage/001/01", "01", "3101700001098");
    // the operator shortens the person TTL from 10 min to 1 min; the reload lands while a fetched answer is being stored
    clock.hook.set(() -> cache.reconfigure(config(Duration.ofMinutes(1))));
    cache.get(PERSON, key, () -> Future.succeededFuture(new Fetched.Found(Buffer.buffer("{}")))).await(5, TimeUnit.SECONDS);

    clock.millis.addAndGet(Duration.ofMinutes(2).toMillis()); // past the new TTL
    LookupCache.Result r = cache.get(PERSON, key, () -> Future.succeededFuture(new Fetched.Found(Buffer.buffer("{\"new\":1}"))))
        .await(5, TimeUnit.SECONDS);
    assertEquals(CacheStatus.MISS, r.status(), "served as fresh 2 min after a reload set the TTL to 1 min");
  }
}
