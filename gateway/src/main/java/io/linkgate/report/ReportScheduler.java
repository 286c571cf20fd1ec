package io.linkgate.report;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a month closes (Asia/Bangkok), generates the DRAFT report of every agency that performs services, was
 * registered before the month ended, and has none yet, once report.draftDelay has passed and every running instance has
 * shipped its records of the month (at most {@link #MAX_WAIT} more); keeps {@code linkgate.reports.overdue{stage}} current: reports not verified after the 3rd
 * ({@code verify}) and not sent on or escalated after the 5th ({@code send}). Every instance may run it: the
 * store serialises generation per agency and month, and an existing report is left alone.
 */
public final class ReportScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(ReportScheduler.class);

  private final Vertx vertx;
  private final Pool pool;
  private final ReportBuilder builder;
  private final ReportStore store;
  private final Clock clock;
  private final boolean generate;
  private final java.time.Duration draftDelay;
  private final io.linkgate.concurrent.OneAtATime<Void> rounds = new io.linkgate.concurrent.OneAtATime<>();
  private final AtomicLong overdueVerify = new AtomicLong();
  private final AtomicLong overdueSend = new AtomicLong();
  private long timer = -1;
  /** This instance's journal, and where its shipping stands (see {@code Shipper.shippedThrough}). */
  private final String instanceId;
  private final java.util.function.Supplier<java.time.Instant> shippedThrough;
  private java.time.Instant waitLogged = java.time.Instant.MIN;

  /** Past report.draftDelay, the drafts wait at most this long more for instances still shipping the month's records. */
  static final java.time.Duration MAX_WAIT = java.time.Duration.ofDays(1);

  public ReportScheduler(Vertx vertx, Pool pool, ReportBuilder builder, ReportStore store, Clock clock, boolean generate,
                         java.time.Duration draftDelay, String instanceId, java.util.function.Supplier<java.time.Instant> shippedThrough,
                         MeterRegistry registry) {
    this.draftDelay = draftDelay;
    this.instanceId = instanceId;
    this.shippedThrough = shippedThrough;
    this.vertx = vertx;
    this.pool = pool;
    this.builder = builder;
    this.store = store;
    this.clock = clock;
    this.generate = generate;
    overdueGauge(registry, "verify", overdueVerify);
    overdueGauge(registry, "send", overdueSend);
  }

  private static void overdueGauge(MeterRegistry registry, String stage, Number overdue) {
    Gauge.builder("linkgate.reports.overdue", overdue, Number::doubleValue)
        .description("Monthly usage reports past their deadline: verify (the 3rd), send (the 5th)")
        .tag("stage", stage)
        .register(registry);
  }

  public void start() {
    timer = vertx.setPeriodic(60_000, id -> run());
    vertx.setTimer(1000, id -> run());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * One round: drafts for last month, then the overdue counts. One round at a time: with many agencies a round
   * can outlast the minute between ticks, and a second one would build the same drafts again.
   */
  public Future<Void> run() {
    return rounds.run(() -> {
      Future<Void> drafts = generate ? generateDrafts() : Future.succeededFuture();
      return drafts.recover(e -> {
        LOG.atWarn().log("generating monthly report drafts failed: " + e.getClass().getSimpleName());
        return Future.succeededFuture();
      }).compose(v -> countOverdue());
    });
  }

  Future<Void> generateDrafts() {
    YearMonth current = YearMonth.now(clock.withZone(ReportPeriod.BANGKOK));
    java.time.Instant monthEnd = current.atDay(1).atStartOfDay(ReportPeriod.BANGKOK).toInstant();
    java.time.Instant now = clock.instant();
    if (now.isBefore(monthEnd.plus(draftDelay))) {
      // the month's last lookups may still be in the instances' journals: the draft waits report.draftDelay
      return Future.succeededFuture();
    }
    ReportPeriod last = new ReportPeriod(current.minusMonths(1));
    return due(last).compose(agencies -> agencies.isEmpty() ? Future.succeededFuture() : stillShipping(monthEnd).compose(waiting -> {
      if (!waiting.isEmpty()) {
        if (now.isBefore(monthEnd.plus(draftDelay).plus(MAX_WAIT))) {
          // a database outage at midnight, or a backlog: a draft now would miss records the instances still hold
          if (!now.isBefore(waitLogged.plus(java.time.Duration.ofMinutes(15)))) {
            waitLogged = now;
            LOG.atInfo().log("the monthly report drafts wait for the month's last usage records to reach PostgreSQL: "
                + String.join("; ", waiting));
          }
          return Future.succeededFuture();
        }
        LOG.atWarn().log("the monthly report drafts are generated without records still unshipped a day after the month ended "
            + "(regenerate them once shipped): " + String.join("; ", waiting));
      }
      return drafts(last, agencies);
    }));
  }

  /**
   * The running instances (this one, and every other whose journal lease was renewed in the last 30 s) that have not
   * shipped every record of theirs from before {@code monthEnd} to PostgreSQL yet; a stopped instance's unshipped records
   * arrive when it starts again, and only a regenerated report has them.
   */
  private Future<java.util.List<String>> stillShipping(java.time.Instant monthEnd) {
    java.util.List<String> waiting = new java.util.ArrayList<>();
    java.time.Instant own = shippedThrough.get();
    if (own == null || own.isBefore(monthEnd)) {
      waiting.add("this instance (" + instanceId + ")" + (own == null ? "" : ", shipped through " + own));
    }
    return pool.preparedQuery("""
            SELECT instance_id, host, shipped_through FROM journal_lease WHERE instance_id <> $1
              AND renewed_at > now() - interval '30 seconds' AND (shipped_through IS NULL OR shipped_through < $2)""")
        .execute(Tuple.of(instanceId, ReportBuilder.utc(monthEnd)))
        .map(rows -> {
          for (Row r : rows) {
            java.time.OffsetDateTime through = r.getOffsetDateTime(2);
            waiting.add("instance " + r.getString(0) + " on " + r.getString(1)
                + (through == null ? ", not known yet" : ", shipped through " + through.toInstant()));
          }
          return waiting;
        });
  }

  /** The agencies whose draft of {@code last} is due and not made yet. */
  private Future<java.util.List<String>> due(ReportPeriod last) {
    return pool.preparedQuery("""
            SELECT a.code FROM agency a WHERE a.active AND a.created_at < $2
              AND EXISTS (SELECT 1 FROM agency_service s WHERE s.agency_code = a.code)
              AND NOT EXISTS (SELECT 1 FROM monthly_report r WHERE r.agency_code = a.code AND r.month = $1)""")
        .execute(Tuple.of(last.month().toString(), ReportBuilder.utc(last.end())))
        .map(rows -> {
          java.util.List<String> codes = new java.util.ArrayList<>();
          rows.forEach(r -> codes.add(r.getString(0)));
          return codes;
        });
  }

  private Future<Void> drafts(ReportPeriod last, java.util.List<String> agencies) {
    Future<Void> chain = Future.succeededFuture();
    for (String agency : agencies) {
      chain = chain.compose(v -> builder.build(agency, last, 0)
          .compose(report -> report.isEmpty() ? Future.succeededFuture(Optional.<ReportStore.Stored>empty())
              : store.createFirst(report.get(), last, "system"))
          .<Void>map(created -> {
            created.ifPresent(s -> LOG.atInfo().addKeyValue("agency", agency).addKeyValue("month", last.month().toString())
                .addKeyValue("anomalies", s.anomalies()).log("generated the monthly report draft"));
            return null;
          })
          .recover(e -> {
            LOG.atWarn().addKeyValue("agency", agency).log("generating the monthly report draft failed: " + e.getClass().getSimpleName());
            return Future.succeededFuture();
          }));
    }
    return chain;
  }

  Future<Void> countOverdue() {
    LocalDate today = LocalDate.now(clock.withZone(ReportPeriod.BANGKOK));
    return pool.preparedQuery("""
            SELECT count(*) FILTER (WHERE state IN ('DRAFT', 'SUBMITTED') AND $1 > verify_due),
                   count(*) FILTER (WHERE state NOT IN ('SENT_TO_SUPERVISOR', 'ESCALATED_TO_ICT') AND $1 > send_due)
            FROM monthly_report WHERE state <> 'SUPERSEDED'""").execute(Tuple.of(today))
        .map(rows -> {
          Row r = rows.iterator().next();
          overdueVerify.set(r.getLong(0));
          overdueSend.set(r.getLong(1));
          return (Void) null;
        });
  }
}
