package io.linkgate.metrics;

import io.linkgate.concurrent.OneAtATime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Ready means: migrations are applied, PostgreSQL answered the last periodic check in time, the usage journal can be
 * written (neither failed nor full), and the instance is not shutting down. The check runs on a timer; the probe only
 * reads the last result. A journal that failed refuses every lookup until the gateway restarts, a full one until its
 * records are shipped: a load balancer must stop sending here meanwhile.
 */
public final class Readiness {

  private final AtomicBoolean migrated = new AtomicBoolean();
  private final AtomicBoolean databaseUp = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile String lastError = "not checked yet";
  private volatile java.util.function.BooleanSupplier journalFailed = () -> false;
  private volatile java.util.function.BooleanSupplier journalFull = () -> false;
  private final OneAtATime<Void> checks = new OneAtATime<>();
  private volatile Duration timeout = Duration.ofSeconds(10);
  private volatile Supplier<Future<SqlConnection>> connect;
  private volatile SqlConnection connection;
  private volatile boolean unwatched; // set by unwatch: no check after it keeps a connection
  private long timerId = -1;
  /** The gateway's clock minus PostgreSQL's, in seconds, as the last check measured it (NaN until then). */
  private final AtomicReference<Double> clockSkew = new AtomicReference<>(Double.NaN);
  private volatile java.time.Clock clock = java.time.Clock.systemUTC();

  /**
   * {@code linkgate.ready}: 1 while {@link #ready()}, 0 otherwise. The probe's answer reaches the load balancer only;
   * without the gauge an instance out of rotation (PostgreSQL away at 2 am with no traffic, say) shows nowhere in
   * Prometheus: no lookup fails, no record waits, and nothing alerts until the officers log in.
   */
  public void register(MeterRegistry registry) {
    Gauge.builder("linkgate.ready", this, r -> r.ready() ? 1 : 0)
        .description("1 while /health/ready answers 200 (migrations applied, PostgreSQL answering, usage journal writable, "
            + "not shutting down), 0 otherwise")
        .strongReference(true)
        .register(registry);
    Gauge.builder("linkgate.clock.skew.seconds", clockSkew, AtomicReference::get)
        .description("This gateway's clock minus PostgreSQL's, as its readiness check last measured it: usage records carry the "
            + "gateway's time (a clock set back puts lookups in a month long past)")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
  }

  /** The clock whose skew against PostgreSQL's the checks measure (the gateway's). */
  public void clock(java.time.Clock clock) {
    this.clock = clock;
  }

  public double clockSkewSeconds() {
    return clockSkew.get();
  }

  public void migrationsApplied() {
    migrated.set(true);
  }

  /**
   * Where to ask whether the usage journal failed (a write or sync error: lookups are refused until a restart) and
   * whether it is full (its unshipped records at usage.journalMaxBytes: lookups are refused until shipping frees room).
   * Either way every lookup here is answered 503, while another instance can serve it.
   */
  public void journal(java.util.function.BooleanSupplier failed, java.util.function.BooleanSupplier full) {
    journalFailed = failed;
    journalFull = full;
  }

  public void stopping() {
    stopping.set(true);
  }

  /**
   * Checks PostgreSQL now and then every {@code interval}, one check at a time, on a connection of its own; a check not
   * answered within {@code timeout} failed, and its connection is closed (the next check connects again). A connection
   * whose packets are dropped (a failover, a firewall) closes nothing: without the limit, the check would wait for the
   * kernel's TCP timeouts, minutes, and its last answer (UP) would stand meanwhile. Its own connection, because a pool
   * whose connections the morning's logins keep busy is no database outage: a check waiting in the pool's queue would
   * take every instance out of the load balancer at once.
   */
  public Future<Void> watch(Vertx vertx, PgConnectOptions database, Duration interval, Duration timeout) {
    this.timeout = timeout;
    this.connect = () -> PgConnection.connect(vertx, database).map(c -> (SqlConnection) c);
    timerId = vertx.setPeriodic(interval.toMillis(), id -> {
      if (!unwatched) {
        checks.run(this::check); // a tick queued before unwatch starts no check after it
      }
    });
    return checks.run(this::check).recover(e -> Future.succeededFuture());
  }

  public void unwatch(Vertx vertx) {
    unwatched = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    SqlConnection c = connection;
    connection = null;
    if (c != null) {
      c.close();
    }
  }

  Future<Void> check() {
    SqlConnection held = connection;
    AtomicBoolean over = new AtomicBoolean();
    // a held connection the server closed since (PostgreSQL restarted, a failover, a proxy reloaded, the backend
    // terminated) says nothing of PostgreSQL now: asked again once on a new connection, within the same time limit
    Future<SqlConnection> answered = held == null ? answering(connect.get(), clock, clockSkew)
        : answering(Future.succeededFuture(held), clock, clockSkew)
            .recover(e -> over.get() ? Future.failedFuture(e) : answering(connect.get(), clock, clockSkew)); // answering closed it
    return answered
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .onSuccess(c -> {
          connection = c;
          databaseUp.set(true);
          lastError = null;
          if (unwatched) {
            // a check under way when unwatch came: its connection is not kept (each side writes its own field
            // before reading the other's, so one of them closes it; twice is harmless)
            connection = null;
            c.close();
          }
        })
        .onFailure(e -> {
          over.set(true);
          connection = null;
          if (held != null) {
            held.close(); // hanging or broken: not asked again
          }
          answered.onSuccess(SqlConnection::close); // come too late
          databaseUp.set(false);
          lastError = e instanceof TimeoutException ? "no answer within " + timeout.toMillis() + " ms" : e.getClass().getSimpleName();
        })
        .mapEmpty();
  }

  /**
   * The connection, once it answered with PostgreSQL's time (the skew of {@code clock} against it, taken at the middle
   * of the round trip, goes to {@code skew}); closed when it did not answer.
   */
  private static Future<SqlConnection> answering(Future<SqlConnection> connected, java.time.Clock clock, AtomicReference<Double> skew) {
    return connected.compose(c -> {
      long sent = clock.millis();
      return c.query("SELECT extract(epoch FROM clock_timestamp())::float8").execute()
          .map(rows -> {
            double database = rows.iterator().next().getDouble(0);
            skew.set((sent + clock.millis()) / 2000.0 - database);
            return c;
          })
          .onFailure(e -> c.close());
    });
  }

  public boolean ready() {
    return migrated.get() && databaseUp.get() && !journalFailed.getAsBoolean() && !journalFull.getAsBoolean() && !stopping.get();
  }

  public JsonObject describe() {
    return new JsonObject()
        .put("status", ready() ? "UP" : "DOWN")
        .put("checks", new JsonObject()
            .put("migrations", migrated.get() ? "UP" : "DOWN")
            .put("database", databaseUp.get() ? "UP" : "DOWN: " + lastError)
            .put("usageJournal", journalFailed.getAsBoolean() ? "DOWN: failed; lookups are refused until the gateway restarts"
                : journalFull.getAsBoolean() ? "DOWN: full; lookups are refused until records are shipped to PostgreSQL" : "UP")
            .put("accepting", stopping.get() ? "DOWN: shutting down" : "UP"));
  }
}
