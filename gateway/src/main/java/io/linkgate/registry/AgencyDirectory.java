package io.linkgate.registry;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Agencies, their API keys and services, read from PostgreSQL through small caches that refresh every
 * {@code refresh} (so a revoked key or a changed service stops working within that time everywhere).
 */
public final class AgencyDirectory {

  private final Vertx vertx;
  private final Pool pool;
  private final AsyncLoadingCache<ByteBuffer, Optional<Agency>> byKeyHash;
  private final AsyncLoadingCache<String, Optional<Agency>> byCode;
  private final AsyncLoadingCache<String, Map<String, AgencyService>> services;

  public AgencyDirectory(Vertx vertx, Pool pool, Duration refresh, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    // refreshed in the background after half the period while in use, and never served older than the period:
    // refresh alone hands back the old value once more (a revoked key accepted) when the entry sat unused
    Duration half = refresh.dividedBy(2);
    this.byKeyHash = Caffeine.newBuilder().maximumSize(100_000).refreshAfterWrite(half).expireAfterWrite(refresh)
        .ticker(() -> clock.millis() * 1_000_000L).executor(Runnable::run)
        .buildAsync((key, executor) -> loadByKey(key).toCompletionStage().toCompletableFuture());
    this.byCode = Caffeine.newBuilder().maximumSize(10_000).refreshAfterWrite(half).expireAfterWrite(refresh)
        .ticker(() -> clock.millis() * 1_000_000L).executor(Runnable::run)
        .buildAsync((code, executor) -> loadAgency(code).toCompletionStage().toCompletableFuture());
    this.services = Caffeine.newBuilder().maximumSize(10_000).refreshAfterWrite(half).expireAfterWrite(refresh)
        .ticker(() -> clock.millis() * 1_000_000L).executor(Runnable::run)
        .buildAsync((code, executor) -> loadServices(code).toCompletionStage().toCompletableFuture());
  }

  /** The active agency owning an active API key with this SHA-256. */
  public Future<Optional<Agency>> byApiKeyHash(byte[] sha256) {
    return bridge(byKeyHash.get(ByteBuffer.wrap(sha256)));
  }

  /**
   * The active agency owning this active API key. A key not in the cache is looked up in PostgreSQL only when its
   * SHA-256 is that of an active key (the hashes of the active keys are held here, read at most once a second): a
   * flood of made-up keys would otherwise be one query each, even with the first characters of a real key, which
   * its owners see in listings. The hashes are read again, once at a time, when an unknown one comes and the last
   * read is a second old (a key made since, here or on another instance, works at once or within that second).
   */
  public Future<Optional<Agency>> byApiKey(String key) {
    byte[] hash = ApiKeys.hash(key);
    ByteBuffer wrapped = ByteBuffer.wrap(hash);
    CompletableFuture<Optional<Agency>> cached = byKeyHash.getIfPresent(wrapped);
    if (cached != null) {
      return bridge(cached);
    }
    ActiveKeys known = activeKeys;
    if (known != null && known.hashes().contains(wrapped)) {
      return byApiKeyHash(hash);
    }
    return bridge(knownKeys()).compose(read -> read.hashes().contains(wrapped) ? byApiKeyHash(hash)
        : Future.succeededFuture(Optional.empty()));
  }

  /** The SHA-256 of every active key, and when they were read ({@link System#nanoTime}). */
  private record ActiveKeys(Set<ByteBuffer> hashes, long readAt) {
  }

  private volatile ActiveKeys activeKeys;
  private CompletableFuture<ActiveKeys> keysRead; // guarded by this
  private long keysGeneration; // guarded by this: bumped by invalidateAll

  private synchronized CompletableFuture<ActiveKeys> knownKeys() {
    ActiveKeys known = activeKeys;
    if (known != null && System.nanoTime() - known.readAt() < 1_000_000_000L) {
      return CompletableFuture.completedFuture(known);
    }
    if (keysRead != null) {
      return keysRead;
    }
    long generation = keysGeneration;
    CompletableFuture<ActiveKeys> read = pool.query("SELECT key_hash FROM agency_api_key WHERE revoked_at IS NULL").execute()
        .map(rows -> {
          Set<ByteBuffer> active = new java.util.HashSet<>(Math.max(16, rows.size() * 2));
          for (Row row : rows) {
            active.add(ByteBuffer.wrap(row.getBuffer(0).getBytes()));
          }
          return new ActiveKeys(Set.copyOf(active), System.nanoTime());
        })
        .toCompletionStage().toCompletableFuture();
    keysRead = read;
    read.whenComplete((k, e) -> {
      synchronized (this) {
        if (keysRead == read) {
          keysRead = null;
        }
        if (k != null && generation == keysGeneration) { // not when the registry changed during the read
          activeKeys = k;
        }
      }
    });
    return read;
  }

  public Future<Optional<Agency>> agency(String code) {
    return bridge(byCode.get(code));
  }

  public Future<Optional<AgencyService>> service(String agencyCode, String serviceCode) {
    return bridge(services.get(agencyCode)).map(all -> Optional.ofNullable(all.get(serviceCode)));
  }

  /** Forget everything cached (after registry changes made through this instance). */
  public void invalidateAll() {
    synchronized (this) {
      keysGeneration++;
      activeKeys = null;
      keysRead = null; // a read in flight may predate the change: the next caller reads again
    }
    byKeyHash.synchronous().invalidateAll();
    byCode.synchronous().invalidateAll();
    services.synchronous().invalidateAll();
  }

  private <T> Future<T> bridge(CompletableFuture<T> cf) {
    if (cf.isDone() && !cf.isCompletedExceptionally()) {
      return Future.succeededFuture(cf.join());
    }
    return Future.fromCompletionStage(cf, vertx.getOrCreateContext());
  }

  private Future<Optional<Agency>> loadByKey(ByteBuffer hash) {
    byte[] bytes = new byte[hash.remaining()];
    hash.duplicate().get(bytes);
    return pool.preparedQuery("""
            SELECT a.code, a.office_code, a.name_th, a.name_en, a.monthly_quota, a.work_days, a.work_start, a.work_end, a.active
            FROM agency_api_key k JOIN agency a ON a.code = k.agency_code
            WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND a.active""")
        .execute(Tuple.of(Buffer.buffer(bytes)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
  }

  private Future<Optional<Agency>> loadAgency(String code) {
    return pool.preparedQuery("""
            SELECT code, office_code, name_th, name_en, monthly_quota, work_days, work_start, work_end, active
            FROM agency WHERE code = $1""")
        .execute(Tuple.of(code))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
  }

  private Future<Map<String, AgencyService>> loadServices(String agencyCode) {
    return pool.preparedQuery("SELECT service_code, datasets, active, session_rate, session_burst FROM agency_service WHERE agency_code = $1")
        .execute(Tuple.of(agencyCode))
        .map(rows -> {
          Map<String, AgencyService> all = new HashMap<>();
          for (Row row : rows) {
            all.put(row.getString(0), new AgencyService(agencyCode, row.getString(0),
                Set.copyOf(List.of(row.getArrayOfStrings(1))), row.getBoolean(2), row.getDouble(3), row.getInteger(4)));
          }
          return Map.copyOf(all);
        });
  }

  static Agency map(Row row) {
    return new Agency(row.getString(0), row.getString(1), row.getString(2), row.getString(3), row.getInteger(4),
        row.getShort(5), row.getLocalTime(6), row.getLocalTime(7), row.getBoolean(8));
  }
}
