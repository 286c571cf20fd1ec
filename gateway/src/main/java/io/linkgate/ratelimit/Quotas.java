package io.linkgate.ratelimit;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quota counters (officer per day, agency per month) shared by all instances through PostgreSQL: each
 * instance counts locally, exactly, and every {@code syncInterval} adds its count to the shared row and
 * learns the others'. Between syncs, several instances together may overshoot by what they served in that
 * interval; one instance never does. A counter's starting value is read before its first use.
 */
final class Quotas {

  private static final Logger LOG = LoggerFactory.getLogger(Quotas.class);

  /**
   * A counter's row: {@code subject} is the officer's UUID (officer-day) or the agency's code (agency-month);
   * its text is the row's subject.
   */
  record Key(String scope, Object subject, String period) {
  }

  /** Shared count as last known ({@code base}) plus this instance's not yet shared count ({@code pending}). */
  static final class Counter {
    final AtomicLong base = new AtomicLong();
    final AtomicLong pending = new AtomicLong();

    long used() {
      return base.get() + pending.get();
    }

    /** Counts one use unless {@code limit} is reached; exact within this instance. */
    boolean tryUse(long limit) {
      for (;;) {
        long p = pending.get();
        if (base.get() + p >= limit) {
          return false;
        }
        if (pending.compareAndSet(p, p + 1)) {
          return true;
        }
      }
    }

    void release() {
      pending.decrementAndGet();
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final AsyncLoadingCache<Key, Counter> counters;
  private long timer = -1;
  private Duration interval;
  private final io.linkgate.concurrent.OneAtATime<Void> syncs = new io.linkgate.concurrent.OneAtATime<>();

  Quotas(Vertx vertx, Pool pool, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.counters = Caffeine.newBuilder()
        .maximumSize(1_000_000)
        .expireAfterAccess(Duration.ofDays(2))
        .ticker(() -> clock.millis() * 1_000_000L)
        .executor(Runnable::run)
        .buildAsync((key, executor) -> load(key).toCompletionStage().toCompletableFuture());
  }

  synchronized void start(Duration syncInterval) {
    interval = syncInterval;
    timer = vertx.setPeriodic(syncInterval.toMillis(), id -> sync());
  }

  /** Syncs every {@code syncInterval} from now on (a reload); nothing when not started. */
  synchronized void reschedule(Duration syncInterval) {
    if (timer >= 0 && !syncInterval.equals(interval)) {
      vertx.cancelTimer(timer);
      start(syncInterval);
    }
  }

  /** How often the counts are shared now; null before start. */
  synchronized Duration interval() {
    return interval;
  }

  synchronized void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  Future<Counter> counter(Key key) {
    CompletableFuture<Counter> cf = counters.get(key);
    if (cf.isDone() && !cf.isCompletedExceptionally()) {
      return Future.succeededFuture(cf.join());
    }
    return Future.fromCompletionStage(cf, vertx.getOrCreateContext());
  }

  /** The counter when it is loaded already (after its first use), else null: nothing allocated on that path. */
  Counter loaded(Key key) {
    CompletableFuture<Counter> cf = counters.getIfPresent(key);
    return cf != null && cf.isDone() && !cf.isCompletedExceptionally() ? cf.join() : null;
  }

  private Future<Counter> load(Key key) {
    return pool.preparedQuery("SELECT used FROM quota_usage WHERE scope = $1 AND subject = $2 AND period = $3")
        .execute(Tuple.of(key.scope(), key.subject().toString(), key.period()))
        .map(rows -> {
          Counter c = new Counter();
          if (rows.size() > 0) {
            c.base.set(rows.iterator().next().getLong(0));
          }
          return c;
        });
  }

  /**
   * Adds every local count to PostgreSQL and takes back the shared totals. One sync at a time: a second one started
   * while the first waits on the database (slower than the interval) would send the same pending counts again.
   */
  Future<Void> sync() {
    return syncs.run(this::syncOnce);
  }

  /**
   * A sync that includes every use counted before this call: one in progress took its counts before some of them, so it
   * is waited for and another runs (a stop's last sync, which would otherwise be handed the run in progress).
   */
  Future<Void> syncAll() {
    return syncs.run(this::syncOnce).transform(ar -> syncs.run(this::syncOnce));
  }

  /** The order every instance takes its counters' rows in (so their transactions' row locks cannot deadlock). */
  private static final Comparator<Map.Entry<Key, Counter>> LOCK_ORDER = Comparator
      .comparing((Map.Entry<Key, Counter> c) -> c.getKey().scope())
      .thenComparing(c -> c.getKey().subject().toString())
      .thenComparing(c -> c.getKey().period());

  /**
   * Counters with uses not yet shared are added to their rows, in one order on every instance (by scope, subject,
   * period: two instances' transactions taking the same rows' locks in different orders deadlocked, and PostgreSQL
   * broke the tie only after its deadlock_timeout, holding the busiest agencies' rows meanwhile); the others only
   * read their rows' totals, written by other instances (rewriting every row every second, unchanged, left as many
   * dead row versions and write-ahead log behind as there were officers and agencies in use).
   */
  private Future<Void> syncOnce() {
    List<Map.Entry<Key, Counter>> held = new ArrayList<>();
    counters.synchronous().asMap().forEach((key, counter) -> held.add(Map.entry(key, counter)));
    held.sort(LOCK_ORDER);
    List<Map.Entry<Key, Counter>> written = new ArrayList<>();
    List<Long> deltas = new ArrayList<>();
    List<Map.Entry<Key, Counter>> read = new ArrayList<>();
    for (Map.Entry<Key, Counter> counter : held) {
      long delta = counter.getValue().pending.get();
      if (delta != 0) {
        written.add(counter);
        deltas.add(delta);
      } else {
        read.add(counter);
      }
    }
    return Future.join(write(written, deltas), read(read)).<Void>mapEmpty()
        .onFailure(e -> LOG.atWarn().log("quota sync failed, will retry: " + e.getClass().getSimpleName()));
  }

  private Future<Void> write(List<Map.Entry<Key, Counter>> held, List<Long> deltas) {
    if (held.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>(held.size());
    for (int i = 0; i < held.size(); i++) {
      Key k = held.get(i).getKey();
      batch.add(Tuple.of(k.scope(), k.subject().toString(), k.period(), deltas.get(i)));
    }
    // one statement per counter, in one round trip; each returns the shared total including our delta
    return pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO quota_usage (scope, subject, period, used) VALUES ($1, $2, $3, $4)
            ON CONFLICT (scope, subject, period) DO UPDATE SET used = quota_usage.used + EXCLUDED.used, updated_at = now()
            RETURNING used""").executeBatch(batch))
        .map(rows -> {
          int i = 0;
          for (var rs = rows; rs != null && i < held.size(); rs = rs.next(), i++) {
            Counter c = held.get(i).getValue();
            long total = rs.iterator().next().getLong(0);
            // the shared total now includes our delta: raise base first, then drop the delta from pending,
            // so a concurrent check may briefly over-count (and refuse) but never under-count
            c.base.set(total);
            c.pending.addAndGet(-deltas.get(i));
          }
          return null;
        });
  }

  /** The shared totals of counters without uses to add, in one query (a total can fall: a use given back after it was shared). */
  private Future<Void> read(List<Map.Entry<Key, Counter>> held) {
    if (held.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] scope = new String[held.size()];
    String[] subject = new String[held.size()];
    String[] period = new String[held.size()];
    for (int i = 0; i < held.size(); i++) {
      Key k = held.get(i).getKey();
      scope[i] = k.scope();
      subject[i] = k.subject().toString();
      period[i] = k.period();
    }
    return pool.preparedQuery("""
            SELECT k.i, q.used FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS k(scope, subject, period, i)
            JOIN quota_usage q ON q.scope = k.scope AND q.subject = k.subject AND q.period = k.period""")
        .execute(Tuple.tuple().addArrayOfString(scope).addArrayOfString(subject).addArrayOfString(period))
        .map(rows -> {
          for (var row : rows) {
            Counter c = held.get((int) (row.getLong(0) - 1)).getValue();
            c.base.set(row.getLong(1)); // syncs run one at a time, and this counter is not among this one's writes
          }
          return null;
        });
  }
}
