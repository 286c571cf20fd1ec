package io.linkgate.report;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The month across all agencies: totals per agency and per service, and where each agency's report stands.
 * Read from the monthly roll-up ({@code usage_monthly}, a few hundred thousand rows a month nationwide),
 * never from the month's records themselves.
 */
public final class NationalSummary {

  private final Pool pool;

  public NationalSummary(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> compute(ReportPeriod period) {
    Future<io.vertx.sqlclient.RowSet<Row>> figures = pool.preparedQuery("""
            SELECT GROUPING(agency_code) = 1 AS per_service, agency_code, service_code, sum(requests)::bigint,
                   coalesce(sum(requests) FILTER (WHERE outcome = 'SERVED'), 0)::bigint,
                   coalesce(sum(requests) FILTER (WHERE outcome = 'REFUSED'), 0)::bigint,
                   coalesce(sum(requests) FILTER (WHERE outcome = 'UPSTREAM_ERROR'), 0)::bigint,
                   count(DISTINCT officer_id) FILTER (WHERE officer_id <> '00000000-0000-0000-0000-000000000000'),
                   count(DISTINCT agency_code) FILTER (WHERE agency_code <> '')
            FROM usage_monthly WHERE month = $1 GROUP BY GROUPING SETS ((agency_code), (service_code))""")
        .execute(Tuple.of(period.month().toString()));
    Future<Map<String, Row>> reports = pool.preparedQuery("""
            SELECT agency_code, state, anomalies FROM monthly_report WHERE month = $1 AND state <> 'SUPERSEDED'""")
        .execute(Tuple.of(period.month().toString()))
        .map(rows -> {
          Map<String, Row> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getString(0), r));
          return out;
        });
    return Future.all(List.of(figures, reports)).map(all -> {
      JsonArray agencies = new JsonArray();
      JsonArray services = new JsonArray();
      long total = 0;
      for (Row r : figures.result()) {
        if (r.getBoolean(0)) {
          if (!r.getString(2).isEmpty()) {
            services.add(new JsonObject().put("service", r.getString(2)).put("requests", r.getLong(3)).put("served", r.getLong(4))
                .put("agencies", r.getLong(8)));
          }
        } else if (!r.getString(1).isEmpty()) {
          Row report = reports.result().get(r.getString(1));
          total += r.getLong(3);
          agencies.add(new JsonObject().put("agency", r.getString(1)).put("requests", r.getLong(3)).put("served", r.getLong(4))
              .put("refused", r.getLong(5)).put("upstreamErrors", r.getLong(6)).put("officers", r.getLong(7))
              .put("reportState", report == null ? null : report.getString(1))
              .put("anomalies", report == null ? null : report.getInteger(2)));
        }
      }
      return new JsonObject().put("month", period.month().toString()).put("requests", total)
          .put("agencies", sorted(agencies)).put("services", sorted(services));
    });
  }

  /** Busiest first, then by code, so the answer reads the same each time. */
  private static JsonArray sorted(JsonArray items) {
    List<JsonObject> list = new java.util.ArrayList<>(items.stream().map(o -> (JsonObject) o).toList());
    list.sort(java.util.Comparator.<JsonObject>comparingLong(o -> -o.getLong("requests"))
        .thenComparing(o -> o.getString(o.containsKey("agency") ? "agency" : "service")));
    return new JsonArray(new java.util.ArrayList<>(list));
  }
}
