package io.linkgate.usage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This gateway's claim, in PostgreSQL, to write its journal's chain (table {@code journal_lease}). Two gateways on
 * copies of one data directory share an instance id and would write one chain from the same seq, which
 * {@code usage verify} later reports as tampering; the journal's directory lock cannot see a copy on another disk, and
 * {@link JournalCheck} passes two copies started from the same state. The lease is taken at start-up (a copy whose
 * instance is held by a gateway that renewed within {@link #TTL} does not start), renewed every {@link #RENEW}, and
 * deleted at a graceful stop. A crashed gateway's lease lapses after {@link #TTL}, or is taken over at once by a
 * gateway started on the same host when the process that held it is gone. A renewal that finds the lease taken (the
 * database was out of reach for longer than the TTL and a copy started meanwhile) stops this gateway's journal:
 * lookups are refused (503) and readiness goes DOWN until it restarts.
 */
public final class InstanceLease {

  private static final Logger LOG = LoggerFactory.getLogger(InstanceLease.class);
  static final Duration TTL = Duration.ofSeconds(30);
  static final Duration RENEW = Duration.ofSeconds(5);

  private static final String TAKE = """
      INSERT INTO journal_lease AS l (instance_id, holder, host, pid, process_start, renewed_at) VALUES ($1, $2, $3, $4, $7, now())
      ON CONFLICT (instance_id) DO UPDATE SET holder = excluded.holder, host = excluded.host, pid = excluded.pid,
        process_start = excluded.process_start, renewed_at = now()
      WHERE l.holder = excluded.holder OR l.renewed_at < now() - $5 * interval '1 second' OR l.holder = $6
      RETURNING holder""";
  private static final String HELD = """
      SELECT holder, host, pid, extract(epoch FROM now() - renewed_at)::float8, process_start FROM journal_lease WHERE instance_id = $1""";

  private final Pool pool;
  private final Journal journal;
  private final String instance;
  private final UUID holder = UUID.randomUUID();
  private final String host;
  private final long pid = ProcessHandle.current().pid();
  private final Long processStart = started(ProcessHandle.current());
  private long timerId = -1;
  private volatile boolean released;
  /** Where this instance's shipping stands (see {@link Shipper#shippedThrough()}), published with each renewal. */
  private volatile java.util.function.Supplier<java.time.Instant> shippedThrough = () -> null;

  private InstanceLease(Pool pool, Journal journal) {
    this.pool = pool;
    this.journal = journal;
    this.instance = journal.instanceId();
    this.host = hostName();
  }

  /** The instance's error of two gateways writing one chain: the start is refused with it. */
  public static final class Held extends IllegalStateException {
    Held(String message) {
      super(message);
    }
  }

  /** Takes the lease of {@code journal}'s instance and renews it every {@link #RENEW}; fails with {@link Held}. */
  public static Future<InstanceLease> take(Vertx vertx, Pool pool, Journal journal) {
    InstanceLease lease = new InstanceLease(pool, journal);
    return lease.claim(null)
        .compose(taken -> taken ? Future.succeededFuture() : lease.takeOverOrRefuse())
        .map(v -> {
          lease.timerId = vertx.setPeriodic(RENEW.toMillis(), id -> lease.renew());
          return lease;
        });
  }

  /** The lease is held: taken over when its gateway is gone from this host, refused ({@link Held}) otherwise. */
  private Future<Void> takeOverOrRefuse() {
    return pool.preparedQuery(HELD).execute(Tuple.of(instance)).compose(rows -> {
      if (rows.size() == 0) {
        return taken(claim(null)); // deleted meanwhile: a stop that just ended
      }
      Row held = rows.iterator().next();
      if (host.equals(held.getString(1)) && !alive(held.getLong(2), held.getLong(4))) {
        // the same machine, its process gone (a crash, kill -9): the lease of a gateway that cannot renew it
        return taken(claim(held.getUUID(0)));
      }
      return Future.failedFuture(new Held(heldMessage(held)));
    });
  }

  private Future<Void> taken(Future<Boolean> claimed) {
    return claimed.compose(taken -> taken ? Future.succeededFuture() : Future.failedFuture(new Held("the usage journal's"
        + " instance " + instance + " was taken by another gateway while this one started; each instance needs its own data directory")));
  }

  /** Inserts or takes over the lease (the lapsed one, or {@code from}'s); whether this gateway holds it now. */
  private Future<Boolean> claim(UUID from) {
    return pool.preparedQuery(TAKE).execute(Tuple.of(instance, holder, host, pid, TTL.toSeconds(), from, processStart))
        .map(rows -> rows.size() == 1);
  }

  /**
   * Whether the process that took a lease on this host still runs: its pid alive and started when the lease says (a
   * container restarted runs its new gateway under the old one's pid; another gateway in this very process, as in
   * tests, is alive). Unknown start times count as alive.
   */
  private static boolean alive(long pid, Long start) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .map(p -> start == null || Long.valueOf(start).equals(started(p)))
        .orElse(false);
  }

  /** When {@code p} started, in ms since 1970; null when the system does not say. */
  static Long started(ProcessHandle p) {
    return p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(null);
  }

  private String heldMessage(Row held) {
    return "the usage journal's instance " + instance + " is in use by another gateway (host " + held.getString(1) + ", process "
        + held.getLong(2) + ", seen " + Math.round(held.getDouble(3)) + " s ago): this data directory is a copy of a running"
        + " instance's (a cloned VM, one volume given to two containers), and both would write one chain from the same seq,"
        + " which usage verify reports as tampering. Give each instance its own data directory. If that gateway is gone,"
        + " its lease lapses " + TTL.toSeconds() + " s after it was last seen: start again then.";
  }

  /** Publishes {@code progress} with each renewal, for the monthly drafts of every instance (ReportScheduler). */
  public void publish(java.util.function.Supplier<java.time.Instant> progress) {
    this.shippedThrough = progress;
  }

  /** Renews the lease; one found taken stops the journal. A database out of reach is tried again at the next renewal. */
  public Future<Void> renew() {
    if (released) {
      return Future.succeededFuture();
    }
    java.time.Instant through = shippedThrough.get();
    return pool.preparedQuery("UPDATE journal_lease SET renewed_at = now(), shipped_through = $3 WHERE instance_id = $1 AND holder = $2")
        .execute(Tuple.of(instance, holder, through == null ? null : java.time.OffsetDateTime.ofInstant(through, java.time.ZoneOffset.UTC)))
        .compose(r -> {
          if (r.rowCount() == 1 || released) {
            return Future.<Void>succeededFuture();
          }
          // not ours any more: deleted (taken again, as at start-up), or taken by a copy while this one could not renew
          return claim(null).compose(again -> again ? Future.<Void>succeededFuture()
              : pool.preparedQuery(HELD).execute(Tuple.of(instance)).map(rows -> {
                journal.stopWriting("another gateway writes this instance's chain now: "
                    + (rows.size() == 0 ? "its lease changed hands" : heldMessage(rows.iterator().next())));
                return null;
              }));
        })
        .onFailure(e -> LOG.atWarn().log("the usage journal's lease could not be renewed (tried again in " + RENEW.toSeconds() + " s): "
            + e.getClass().getSimpleName()))
        .recover(e -> Future.succeededFuture());
  }

  /** Stops renewing and deletes the lease (graceful stop, after the journal is closed). */
  public Future<Void> release(Vertx vertx) {
    released = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    return pool.preparedQuery("DELETE FROM journal_lease WHERE instance_id = $1 AND holder = $2").execute(Tuple.of(instance, holder))
        .<Void>mapEmpty();
  }

  private static String hostName() {
    String name = System.getenv("HOSTNAME");
    if (name != null && !name.isBlank()) {
      return name;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
