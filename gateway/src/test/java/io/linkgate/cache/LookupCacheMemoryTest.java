package io.linkgate.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.upstream.UpstreamProblems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The byte budget bounds the memory the cached answers hold, not only their lengths. */
class LookupCacheMemoryTest {

  static final long BUDGET = 64 * 1024;

  final LookupCache cache = new LookupCache(new CacheConfig(Duration.ofSeconds(30), Duration.ofHours(1), Map.of(
      CacheConfig.CacheName.PERSON, new CacheConfig.DatasetCache(Duration.ofMinutes(10), BUDGET),
      CacheConfig.CacheName.HOUSE, new CacheConfig.DatasetCache(Duration.ofMinutes(10), BUDGET),
      CacheConfig.CacheName.LINKAGE_OTHER, new CacheConfig.DatasetCache(Duration.ofMinutes(10), BUDGET),
      CacheConfig.CacheName.JURISTIC, new CacheConfig.DatasetCache(Duration.ofMinutes(10), BUDGET))),
      Clock.systemUTC(), new SimpleMeterRegistry());

  /** The bytes a buffer keeps reachable: its whole backing array, not only the part it shows. */
  static int retained(Buffer b) {
    ByteBuf buf = ((BufferInternal) b).getByteBuf();
    while (buf.unwrap() != null) {
      buf = buf.unwrap();
    }
    return buf.capacity();
  }

  @Test
  void should_keep_the_memory_of_cached_answers_within_the_budget_when_an_answer_came_in_a_larger_buffer() {
    String person = "{\"firstName\":\"สมชาย\",\"lastName\":\"ใจดี\",\"dateOfBirth\":25200101}";
    for (int i = 0; i < 100; i++) {
      // as an answer read in several chunks is: gathered in a buffer larger than the answer
      Buffer body = Buffer.buffer(4096).appendString(person);
      LookupCache.Key key = new LookupCache.Key("linkage/001/01", "01", String.format("%013d", i));
      assertEquals(CacheStatus.MISS, cache.get(CacheConfig.CacheName.PERSON, key, () -> Future.succeededFuture(new Fetched.Found(body)))
          .await().status());
    }
    long held = 0;
    int hits = 0;
    for (int i = 0; i < 100; i++) {
      LookupCache.Key key = new LookupCache.Key("linkage/001/01", "01", String.format("%013d", i));
      LookupCache.Result r = cache.get(CacheConfig.CacheName.PERSON, key,
          () -> Future.failedFuture(UpstreamProblems.UNAVAILABLE.exception("down"))).transform(ar -> Future.succeededFuture(ar.result())).await();
      if (r != null && r.status() == CacheStatus.HIT) {
        hits++;
        Fetched.Found found = (Fetched.Found) r.answer();
        assertEquals(person, found.body().toString());
        held += retained(found.body());
      }
    }
    assertTrue(hits > 0, "answers are cached");
    assertTrue(held <= BUDGET, "cached answers hold " + held + " bytes in " + hits + " entries; the budget is " + BUDGET);
  }
}
