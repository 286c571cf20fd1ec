package io.linkgate.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.linkgate.upstream.UpstreamProblems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The lookup cache: one Caffeine cache per dataset, bounded by the bytes of the answers it holds, in memory
 * only. Consulted only after authorization; the key is the upstream service, its version and the target id.
 * Concurrent misses for one key make one upstream call (single flight). "Not found" answers are remembered
 * briefly. An expired answer is kept for the stale-if-error window and served, marked STALE, when the
 * upstream fails or its circuit is open. A purge holds against the fetches it raced: one that started before it
 * stores nothing, later callers do not join it, and the purged answer is not served as STALE.
 */
public final class LookupCache {

  /** A cache key: which service answered, in which version, about whom. */
  public record Key(String upstreamService, String version, String target) {
    /** Without the target (a citizen ID, most often): a key that reaches a log or an exception message tells no one's. */
    @Override
    public String toString() {
      return "Key[" + upstreamService + ", " + version + ", target redacted]";
    }
  }

  /** The answer and how it was served. */
  public record Result(Fetched answer, CacheStatus status) {
  }

  record Entry(Fetched answer, long freshUntil, long staleUntil, int weight) {
  }

  /**
   * A dataset's purges, counted. A fetch notes the count before it starts and stores its answer only while no purge
   * has come since (checked and stored under this lock, which a purge takes to count itself before it drops
   * entries). A purge of one target counts for the whole dataset: a fetch of another target then in flight is not
   * stored either, which costs one more miss, never a purged answer.
   */
  static final class Purges {
    private volatile long count;

    long count() {
      return count;
    }

    synchronized void add() {
      count++;
    }
  }

  private final Clock clock;
  private final MeterRegistry registry;
  private final Map<CacheConfig.CacheName, Cache<Key, Entry>> caches = new EnumMap<>(CacheConfig.CacheName.class);
  private final Map<CacheConfig.CacheName, Map<Key, Future<Fetched>>> inflight = new EnumMap<>(CacheConfig.CacheName.class);
  private final Map<CacheConfig.CacheName, Purges> purges = new EnumMap<>(CacheConfig.CacheName.class);
  // linkgate_cache_lookups_total by dataset and result, registered up front (the hot path only increments)
  private final Map<CacheConfig.CacheName, Map<String, Counter>> lookups = new EnumMap<>(CacheConfig.CacheName.class);
  private volatile CacheConfig config;

  public LookupCache(CacheConfig config, Clock clock, MeterRegistry registry) {
    this.config = config;
    this.clock = clock;
    this.registry = registry;
    for (CacheConfig.CacheName name : CacheConfig.CacheName.values()) {
      lookups.put(name, Map.of("hit", lookupCounter(name, "hit"), "miss", lookupCounter(name, "miss"),
          "stale", lookupCounter(name, "stale")));
      Cache<Key, Entry> cache = Caffeine.newBuilder()
          .maximumWeight(Math.max(1, config.datasets().get(name).maxBytes()))
          .weigher((Key k, Entry e) -> e.weight())
          .expireAfter(new Expiry<Key, Entry>() {
            @Override
            public long expireAfterCreate(Key key, Entry entry, long currentTime) {
              return Math.max(0, entry.staleUntil() - clock.millis()) * 1_000_000L;
            }

            @Override
            public long expireAfterUpdate(Key key, Entry entry, long currentTime, long currentDuration) {
              return expireAfterCreate(key, entry, currentTime);
            }

            @Override
            public long expireAfterRead(Key key, Entry entry, long currentTime, long currentDuration) {
              return currentDuration;
            }
          })
          .ticker(() -> clock.millis() * 1_000_000L)
          .executor(Runnable::run)
          .recordStats()
          .build();
      CaffeineCacheMetrics.monitor(registry, cache, "lookup", "dataset", name.key());
      caches.put(name, cache);
      inflight.put(name, new ConcurrentHashMap<>());
      purges.put(name, new Purges());
    }
  }

  /**
   * New memory budgets apply at once. Longer TTLs apply to answers stored from now on; a shorter TTL, not-found TTL
   * or stale window empties the dataset's cache, since its stored answers were given the old deadlines.
   */
  public void reconfigure(CacheConfig next) {
    CacheConfig before = this.config;
    this.config = next;
    caches.forEach((name, cache) -> {
      cache.policy().eviction().ifPresent(e -> e.setMaximum(Math.max(1, next.datasets().get(name).maxBytes())));
      if (next.datasets().get(name).ttl().compareTo(before.datasets().get(name).ttl()) < 0
          || next.notFoundTtl().compareTo(before.notFoundTtl()) < 0 || next.staleIfError().compareTo(before.staleIfError()) < 0) {
        // as a purge: first, so that a fetch stored with the old deadlines after the emptying is dropped too (its
        // store read the old config before the swap above)
        purges.get(name).add();
        cache.invalidateAll();
      }
    });
  }

  /**
   * The answer for {@code key}: fresh from the cache, or fetched (one fetch per key at a time), or the
   * stale copy when the fetch fails with an upstream failure. {@code cache} null means not cacheable.
   */
  public Future<Result> get(CacheConfig.CacheName cacheName, Key key, Supplier<Future<Fetched>> fetch) {
    CacheConfig c = config;
    if (cacheName == null || !c.datasets().get(cacheName).enabled()) {
      return fetch.get().map(f -> new Result(f, CacheStatus.MISS));
    }
    Cache<Key, Entry> cache = caches.get(cacheName);
    long now = clock.millis();
    Entry cached = cache.getIfPresent(key);
    if (cached != null && now < cached.freshUntil()) {
      count(cacheName, "hit");
      return Future.succeededFuture(new Result(cached.answer(), CacheStatus.HIT));
    }
    Purges purged = purges.get(cacheName);
    long generation = purged.count(); // noted before the fetch starts (see Purges)
    Map<Key, Future<Fetched>> flights = inflight.get(cacheName);
    Promise<Fetched> mine = Promise.promise();
    Future<Fetched> shared = flights.putIfAbsent(key, mine.future());
    if (shared == null) {
      shared = mine.future();
      Future<Fetched> fetched;
      try {
        fetched = fetch.get();
      } catch (RuntimeException e) {
        fetched = Future.failedFuture(e); // thrown, not returned: still a failure its waiters hear, the key not left in flight
      }
      fetched.onComplete(ar -> {
        if (ar.succeeded()) {
          store(cache, cacheName, key, ar.result(), generation); // stored before the waiters hear, so later callers hit
        }
        flights.remove(key, mine.future());
        mine.handle(ar);
      });
    } else {
      // a waiter: the answer is everyone's, and so is a failure of the upstream itself; a refusal of the first
      // caller (its office's quota or rights, its officer's GDX token) is not, so the waiter asks for itself
      // (back on its own event loop first: its own fetch runs there, with its own request's context and correlation id)
      shared = onCallersContext(shared).recover(e -> sharedFailure(e) ? Future.failedFuture(e) : refetch(cache, cacheName, key, fetch));
    }
    return shared.transform(ar -> {
      if (ar.succeeded()) {
        count(cacheName, "miss");
        return Future.succeededFuture(new Result(ar.result(), CacheStatus.MISS));
      }
      // the expired answer only while the cache still holds it: not once a purge (or a not-found) has dropped it
      if (cached != null && clock.millis() < cached.staleUntil() && cached.answer() instanceof Fetched.Found
          && UpstreamProblems.isUpstreamFailure(ar.cause()) && !refusedTheCaller(ar.cause())
          && cache.policy().getIfPresentQuietly(key) == cached) {
        count(cacheName, "stale");
        return Future.succeededFuture(new Result(cached.answer(), CacheStatus.STALE));
      }
      count(cacheName, "miss");
      return Future.failedFuture(ar.cause());
    });
  }

  /** A waiter's own fetch, after the first caller's was refused: its answer is stored as the first caller's would be. */
  private Future<Fetched> refetch(Cache<Key, Entry> cache, CacheConfig.CacheName name, Key key, Supplier<Future<Fetched>> fetch) {
    long generation = purges.get(name).count();
    return fetch.get().andThen(ar -> {
      if (ar.succeeded()) {
        store(cache, name, key, ar.result(), generation);
      }
    });
  }

  /**
   * A failure of the upstream itself, which every caller of the same fetch would have met: not a refusal of the
   * first caller's credentials, nor a failure to get its officer's GDX token (each waiter has or gets its own).
   */
  private static boolean sharedFailure(Throwable e) {
    return UpstreamProblems.isUpstreamFailure(e) && !refusedTheCaller(e) && !io.linkgate.upstream.GdxClient.isTokenCallFailure(e);
  }

  /**
   * GDX refused this call's credentials or permissions (401 after a fresh token, 403): the caller's own refusal, which
   * no stale answer may paper over (it was served as STALE for up to the stale window) and no other caller shares.
   */
  private static boolean refusedTheCaller(Throwable e) {
    return e instanceof io.linkgate.http.ProblemException p && p.type() == io.linkgate.upstream.GdxClient.UPSTREAM_REFUSED;
  }

  /** A waiter goes on on its own request's event loop, not the first caller's that completed the fetch. */
  private static Future<Fetched> onCallersContext(Future<Fetched> outcome) {
    io.vertx.core.Context here = io.vertx.core.Vertx.currentContext();
    if (here == null) {
      return outcome;
    }
    Promise<Fetched> p = Promise.promise();
    outcome.onComplete(ar -> {
      if (io.vertx.core.Vertx.currentContext() == here) {
        p.handle(ar);
      } else {
        here.runOnContext(v -> p.handle(ar));
      }
    });
    return p.future();
  }

  /**
   * What an entry holds on the heap beyond its body and its key's characters, as measured (JOL, JDK 17, compressed
   * pointers, the JVM's default for heaps under 32 GB; without them entries hold some 10 % more): the key and its
   * three strings, the entry, the buffer's wrappers (found), or the not-found's problem with its maps and text; with
   * a margin. Weighed at 96 and 160 bytes, small answers held 1.5 times the budget and
   * not-found ones three times (a scan of valid citizen IDs that do not exist).
   */
  static final int FOUND_OVERHEAD = 300;
  static final int NOT_FOUND_OVERHEAD = 640;

  private static int keyLengths(Key key) {
    return key.target().length() + key.upstreamService().length() + key.version().length();
  }

  /** Stores a fetched answer, unless the dataset was purged after the fetch noted {@code generation}. */
  private void store(Cache<Key, Entry> cache, CacheConfig.CacheName name, Key key, Fetched answer, long generation) {
    CacheConfig c = config;
    long now = clock.millis();
    if (answer instanceof Fetched.Found found) {
      long ttl = c.datasets().get(name).ttl().toMillis();
      // kept in a buffer of its own length: an answer read in several chunks was gathered in a larger one (4 KB for a
      // 1 KB person), and the budget counts lengths
      Buffer body = found.body().copy();
      int weight = body.length() + keyLengths(key) + FOUND_OVERHEAD;
      putUnlessPurged(cache, name, key, new Entry(new Fetched.Found(body), now + ttl, now + ttl + c.staleIfError().toMillis(), weight),
          generation);
    } else if (!c.notFoundTtl().isZero()) {
      long ttl = c.notFoundTtl().toMillis();
      putUnlessPurged(cache, name, key, new Entry(answer, now + ttl, now + ttl, keyLengths(key) + NOT_FOUND_OVERHEAD), generation);
    } else {
      cache.invalidate(key); // an earlier answer, kept for stale-if-error, is no longer the upstream's
    }
  }

  private void putUnlessPurged(Cache<Key, Entry> cache, CacheConfig.CacheName name, Key key, Entry entry, long generation) {
    Purges purged = purges.get(name);
    synchronized (purged) {
      if (purged.count() == generation) {
        cache.put(key, entry);
      }
    }
  }

  /**
   * Drops a whole dataset's answers, or one target's; returns how many entries went. Fetches in flight, started
   * before, store nothing (see {@link Purges}), and later lookups do not join them: they fetch again.
   */
  public long purge(CacheConfig.CacheName name, String target) {
    Cache<Key, Entry> cache = caches.get(name);
    long before = cache.estimatedSize();
    purges.get(name).add(); // first: a store that got in before it is dropped below, one after it sees the new count
    if (target == null) {
      inflight.get(name).clear();
      cache.invalidateAll();
    } else {
      inflight.get(name).keySet().removeIf(k -> k.target().equals(target));
      cache.asMap().keySet().removeIf(k -> k.target().equals(target));
    }
    cache.cleanUp();
    return Math.max(0, before - cache.estimatedSize());
  }

  private Counter lookupCounter(CacheConfig.CacheName name, String result) {
    return Counter.builder("linkgate.cache.lookups")
        .description("Cache decisions of lookups: hit, miss, stale (an expired answer served because the upstream failed)")
        .tags("dataset", name.key(), "result", result)
        .register(registry);
  }

  private void count(CacheConfig.CacheName name, String result) {
    lookups.get(name).get(result).increment();
  }
}
