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

  static {
    // JOL reads records' field offsets this way on JDK 17 (read when it first measures, after this)
    System.setProperty("jol.magicFieldOffset", "true");
  }

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

  /** The heap the cache's keys and entries hold (Caffeine's own nodes not even counted). */
  @SuppressWarnings("unchecked")
  static long heldByEntries(LookupCache cache, CacheConfig.CacheName name) throws Exception {
    java.lang.reflect.Field f = LookupCache.class.getDeclaredField("caches");
    f.setAccessible(true);
    com.github.benmanes.caffeine.cache.Cache<LookupCache.Key, ?> c =
        ((Map<CacheConfig.CacheName, com.github.benmanes.caffeine.cache.Cache<LookupCache.Key, ?>>) f.get(cache)).get(name);
    c.cleanUp();
    java.util.List<Object> roots = new java.util.ArrayList<>();
    c.asMap().forEach((k, v) -> {
      roots.add(k);
      roots.add(v);
    });
    return roots.isEmpty() ? 0 : org.openjdk.jol.info.GraphLayout.parseInstance(roots.toArray()).totalSize();
  }

  static String citizen(int i) {
    return io.linkgate.citizen.CitizenId.withCheckDigit(String.format("31017%07d", i));
  }

  /**
   * A scan of valid citizen IDs that do not exist fills the cache with not-found answers: each was weighed 173 bytes
   * and held some 530 (its problem, its maps, its key), three times the budget.
   */
  @Test
  void should_keep_the_memory_of_not_found_answers_within_the_budget() throws Exception {
    for (int i = 0; i < 2000; i++) {
      LookupCache.Key key = new LookupCache.Key("linkage/001/01", "01", citizen(i));
      cache.get(CacheConfig.CacheName.PERSON, key,
          () -> Future.succeededFuture(new Fetched.NotFound(io.linkgate.upstream.LinkageStatus.toProblem("90500")))).await();
    }
    long held = heldByEntries(cache, CacheConfig.CacheName.PERSON);
    assertTrue(held > BUDGET / 2, "the cache is full: " + held);
    assertTrue(held <= BUDGET, "not-found answers hold " + held + " bytes; the budget is " + BUDGET);
  }

  /** Small answers (a Linkage service's few fields): their keys and wrappers outweighed what each was weighed. */
  @Test
  void should_keep_the_memory_of_small_answers_within_the_budget() throws Exception {
    String body = "{\"Code\":\"00000\",\"x\":\"" + "y".repeat(70) + "\"}";
    for (int i = 0; i < 2000; i++) {
      LookupCache.Key key = new LookupCache.Key("linkage/001/01", "01", citizen(i));
      cache.get(CacheConfig.CacheName.PERSON, key, () -> Future.succeededFuture(new Fetched.Found(Buffer.buffer(body)))).await();
    }
    long held = heldByEntries(cache, CacheConfig.CacheName.PERSON);
    assertTrue(held > BUDGET / 2, "the cache is full: " + held);
    assertTrue(held <= BUDGET, "small answers hold " + held + " bytes; the budget is " + BUDGET);
  }
}
