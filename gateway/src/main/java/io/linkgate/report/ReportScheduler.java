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
 * registered before the month ended, and has none yet; keeps {@code linkgate.reports.overdue{stage}} current: reports not verified after the 3rd
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

  public ReportScheduler(Vertx vertx, Pool pool, ReportBuilder builder, ReportStore store, Clock clock, boolean generate,
                         java.time.Duration draftDelay, MeterRegistry registry) {
    this.draftDelay = draftDelay;
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
    if (clock.instant().isBefore(current.atDay(1).atStartOfDay(ReportPeriod.BANGKOK).toInstant().plus(draftDelay))) {
      // the month's last lookups may still be in the instances' journals: the draft waits report.draftDelay
      return Future.succeededFuture();
    }
    ReportPeriod last = new ReportPeriod(current.minusMonths(1));
    return pool.preparedQuery("""
            SELECT a.code FROM agency a WHERE a.active AND a.created_at < $2
              AND EXISTS (SELECT 1 FROM agency_service s WHERE s.agency_code = a.code)
              AND NOT EXISTS (SELECT 1 FROM monthly_report r WHERE r.agency_code = a.code AND r.month = $1)""")
        .execute(Tuple.of(last.month().toString(), ReportBuilder.utc(last.end())))
        .compose(rows -> {
          Future<Void> chain = Future.succeededFuture();
          for (Row r : rows) {
            String agency = r.getString(0);
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
        });
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
