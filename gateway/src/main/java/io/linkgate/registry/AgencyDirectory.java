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

  public Future<Optional<Agency>> agency(String code) {
    return bridge(byCode.get(code));
  }

  public Future<Optional<AgencyService>> service(String agencyCode, String serviceCode) {
    return bridge(services.get(agencyCode)).map(all -> Optional.ofNullable(all.get(serviceCode)));
  }

  /** Forget everything cached (after registry changes made through this instance). */
  public void invalidateAll() {
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
