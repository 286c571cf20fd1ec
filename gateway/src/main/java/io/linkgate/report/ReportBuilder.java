package io.linkgate.report;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Computes an agency's monthly report: totals, per service, per dataset, per officer, the unsuccessful requests and
 * the not-found answers by reason from the monthly roll-up of the usage log ({@code usage_monthly}); distinct citizens
 * from the log itself;
 * failed card logins; and the anomalies the rules find. All from one snapshot.
 */
public final class ReportBuilder {

  private final Pool pool;
  private final AnomalyRules rules;
  private final Clock clock;

  public ReportBuilder(Pool pool, AnomalyRules rules, Clock clock) {
    this.pool = pool;
    this.rules = rules;
    this.clock = clock;
  }

  /** The report, or empty when the agency does not exist. {@code version} goes into the header. */
  public Future<Optional<MonthlyReport>> build(String agency, ReportPeriod period, int version) {
    return inSnapshot(pool, conn -> build(conn, agency, period, version));
  }

  /**
   * Runs {@code work} in one read-only REPEATABLE READ transaction, so every figure of a report comes from the
   * same snapshot, with room to sort and hash a busy agency's month in memory.
   */
  static <T> Future<T> inSnapshot(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.withConnection(conn -> conn.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").execute()
        .compose(v -> conn.query("SET LOCAL work_mem = '64MB'").execute())
        // agencies differ by two orders of magnitude in volume: a generic plan made for the average
        // agency took 2.9 s instead of 0.25 s for the busiest one, so every execution is planned for its
        // own parameters (a few milliseconds)
        .compose(v -> conn.query("SET LOCAL plan_cache_mode = force_custom_plan").execute())
        .compose(v -> work.apply(conn))
        .transform(ar -> conn.query(ar.succeeded() ? "COMMIT" : "ROLLBACK").execute()
            .transform(end -> ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.failedFuture(ar.cause()))));
  }

  private Future<Optional<MonthlyReport>> build(SqlConnection conn, String agency, ReportPeriod period, int version) {
    Tuple raw = Tuple.of(agency, utc(period.start()), utc(period.end()));
    Tuple sums = Tuple.of(period.month().toString(), agency);
    return conn.preparedQuery("SELECT code, name_th, name_en, office_code FROM agency WHERE code = $1").execute(Tuple.of(agency))
        .compose(found -> {
          if (found.size() == 0) {
            return Future.succeededFuture(Optional.empty());
          }
          Row a = found.iterator().next();
          MonthlyReport.Header header = new MonthlyReport.Header(a.getString(0), a.getString(1), a.getString(2), a.getString(3),
              period.month(), period.start(), period.end(), clock.instant(), version);
          Future<Map<String, Long>> citizens = distinctCitizens(conn, raw);
          Future<io.vertx.sqlclient.RowSet<Row>> totals = conn.preparedQuery("""
                  SELECT coalesce(sum(requests), 0)::bigint,
                         coalesce(sum(requests) FILTER (WHERE outcome = 'SERVED'), 0)::bigint,
                         coalesce(sum(requests) FILTER (WHERE outcome = 'REFUSED'), 0)::bigint,
                         coalesce(sum(requests) FILTER (WHERE outcome = 'UPSTREAM_ERROR'), 0)::bigint,
                         coalesce(sum(requests) FILTER (WHERE outcome = 'ERROR'), 0)::bigint,
                         coalesce(sum(cache_hits), 0)::bigint, coalesce(sum(without_ref), 0)::bigint
                  FROM usage_monthly WHERE month = $1 AND agency_code = $2""").execute(sums);
          Future<io.vertx.sqlclient.RowSet<Row>> services = conn.preparedQuery("""
                  SELECT u.service_code, s.name_th, s.name_en, sum(u.requests)::bigint,
                         coalesce(sum(u.requests) FILTER (WHERE u.outcome = 'SERVED'), 0)::bigint,
                         coalesce(sum(u.requests) FILTER (WHERE u.outcome = 'REFUSED'), 0)::bigint
                  FROM usage_monthly u LEFT JOIN service s ON s.code = u.service_code
                  WHERE u.month = $1 AND u.agency_code = $2 AND u.service_code <> ''
                  GROUP BY u.service_code, s.name_th, s.name_en ORDER BY 4 DESC, 1""").execute(sums);
          Future<List<MonthlyReport.DatasetLine>> datasets = conn.preparedQuery("""
                  SELECT dataset, sum(requests)::bigint, coalesce(sum(requests) FILTER (WHERE outcome = 'SERVED'), 0)::bigint,
                         sum(cache_hits)::bigint
                  FROM usage_monthly WHERE month = $1 AND agency_code = $2 AND dataset <> ''
                  GROUP BY dataset ORDER BY 2 DESC, 1""").execute(sums)
              .map(rows -> {
                List<MonthlyReport.DatasetLine> out = new ArrayList<>();
                rows.forEach(r -> out.add(new MonthlyReport.DatasetLine(r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3))));
                return out;
              });
          Future<List<MonthlyReport.OfficerLine>> officers = conn.preparedQuery("""
                  SELECT u.officer_id, o.name_th, o.name_en, sum(u.requests)::bigint,
                         coalesce(sum(u.requests) FILTER (WHERE u.outcome = 'SERVED'), 0)::bigint,
                         coalesce(sum(u.requests) FILTER (WHERE u.outcome = 'REFUSED'), 0)::bigint, sum(u.without_ref)::bigint
                  FROM usage_monthly u LEFT JOIN officer o ON o.id = u.officer_id
                  WHERE u.month = $1 AND u.agency_code = $2 AND u.officer_id <> '00000000-0000-0000-0000-000000000000'
                  GROUP BY u.officer_id, o.name_th, o.name_en ORDER BY 4 DESC, 2""").execute(sums)
              .map(rows -> {
                List<MonthlyReport.OfficerLine> out = new ArrayList<>();
                rows.forEach(r -> out.add(new MonthlyReport.OfficerLine(r.getUUID(0), orEmpty(r.getString(1)), orEmpty(r.getString(2)),
                    r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6))));
                return out;
              });
          // the unsuccessful requests by reason, and the served ones with a problem: answers that no record exists
          Future<io.vertx.sqlclient.RowSet<Row>> reasons = conn.preparedQuery("""
                  SELECT CASE WHEN problem = '' THEN 'unknown' ELSE problem END, sum(requests)::bigint, outcome = 'SERVED'
                  FROM usage_monthly WHERE month = $1 AND agency_code = $2 AND (outcome <> 'SERVED' OR problem <> '')
                  GROUP BY 1, 3 ORDER BY 2 DESC, 1""").execute(sums);
          Future<MonthlyReport.Logins> logins = logins(conn, raw);
          Future<AnomalyRules.Findings> anomalies = rules.find(conn, agency, period);
          return Future.all(List.of(citizens, totals, services, datasets, officers, reasons, logins, anomalies)).map(all -> {
            Map<String, Long> distinct = citizens.result();
            Row t = totals.result().iterator().next();
            MonthlyReport.Totals sum = new MonthlyReport.Totals(t.getLong(0), t.getLong(1), t.getLong(2), t.getLong(3), t.getLong(4),
                t.getLong(5), distinct.getOrDefault("", 0L), t.getLong(6));
            List<MonthlyReport.ServiceLine> lines = new ArrayList<>();
            services.result().forEach(r -> lines.add(new MonthlyReport.ServiceLine(r.getString(0), orEmpty(r.getString(1)),
                orEmpty(r.getString(2)), r.getLong(3), r.getLong(4), r.getLong(5), distinct.getOrDefault(r.getString(0), 0L))));
            List<Row> unsuccessful = new ArrayList<>();
            List<Row> notFound = new ArrayList<>();
            reasons.result().forEach(r -> (r.getBoolean(2) ? notFound : unsuccessful).add(r));
            return Optional.of(new MonthlyReport(header, sum, lines, datasets.result(), officers.result(), reasons(unsuccessful),
                reasons(notFound), logins.result(), anomalies.result().listed(), anomalies.result().unlisted(), null));
          });
        });
  }

  /**
   * Distinct citizens served: of the served lookups only (answers, a not-found included, as the Served figure and the
   * citizen rules count them; not the refused or failed requests): the month's total under the key "", and per
   * service code.
   */
  private static Future<Map<String, Long>> distinctCitizens(SqlConnection conn, Tuple raw) {
    return conn.preparedQuery("""
            SELECT GROUPING(service_code) = 1, service_code, count(DISTINCT target_hash) FROM usage_log
            WHERE agency_code = $1 AND at >= $2 AND at < $3 AND target_hash IS NOT NULL AND outcome = 'SERVED'
            GROUP BY GROUPING SETS ((), (service_code))""").execute(raw)
        .map(rows -> {
          Map<String, Long> out = new HashMap<>();
          for (Row r : rows) {
            if (r.getBoolean(0)) {
              out.put("", r.getLong(2));
            } else if (r.getString(1) != null) {
              out.put(r.getString(1), r.getLong(2));
            }
          }
          return out;
        });
  }

  private static Future<MonthlyReport.Logins> logins(SqlConnection conn, Tuple scope) {
    return conn.preparedQuery("""
            SELECT reason, count(*) FROM login_failure WHERE agency_code = $1 AND at >= $2 AND at < $3
            GROUP BY reason ORDER BY 2 DESC, 1""").execute(scope)
        .map(rows -> {
          List<MonthlyReport.ReasonLine> by = reasons(rows);
          long failed = by.stream().mapToLong(MonthlyReport.ReasonLine::count).sum();
          long wrong = by.stream().filter(l -> l.reason().equals("wrong-pin")).mapToLong(MonthlyReport.ReasonLine::count).sum();
          long blocked = by.stream().filter(l -> l.reason().equals("pin-blocked")).mapToLong(MonthlyReport.ReasonLine::count).sum();
          return new MonthlyReport.Logins(failed, wrong, blocked, by);
        });
  }

  private static List<MonthlyReport.ReasonLine> reasons(Iterable<Row> rows) {
    List<MonthlyReport.ReasonLine> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new MonthlyReport.ReasonLine(r.getString(0), r.getLong(1)));
    }
    return out;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  static OffsetDateTime utc(java.time.Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
