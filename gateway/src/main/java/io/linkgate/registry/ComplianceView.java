package io.linkgate.registry;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;

/**
 * {@code GET /v1/admin/compliance?agency=}: what the operating rules ask admins to fix. Active services of
 * active agencies with fewer than two active USERs assigned (the design brief's DOMAIN.md: each service should have two Users),
 * active USERs assigned to no service, and devices not revoked and unused (last login, or enrolment when never
 * used) for {@link #UNUSED_AFTER} or more as of the gateway's clock. Each list holds at most {@link #MAX_ITEMS};
 * {@code truncated} says when there were more.
 */
final class ComplianceView {

  static final Duration UNUSED_AFTER = Duration.ofDays(90);
  static final int MAX_ITEMS = 1000;

  private static final String SERVICES = """
      SELECT * FROM (
        SELECT s.agency_code, s.service_code, c.name_th, c.name_en,
               (SELECT count(*) FROM officer_service os JOIN officer o ON o.id = os.officer_id
                WHERE os.service_code = s.service_code AND o.agency_code = s.agency_code AND o.active
                  AND 'USER' = ANY(o.roles)) AS users
        FROM agency_service s
          JOIN agency a ON a.code = s.agency_code AND a.active
          JOIN service c ON c.code = s.service_code
        WHERE s.active AND ($1::text IS NULL OR s.agency_code = $1)) assigned
      WHERE users < 2
      ORDER BY agency_code, service_code
      LIMIT $2""";
  private static final String OFFICERS = """
      SELECT o.id, o.agency_code, o.name_th, o.name_en, o.rank
      FROM officer o
      WHERE o.active AND 'USER' = ANY(o.roles) AND ($1::text IS NULL OR o.agency_code = $1)
        AND NOT EXISTS (SELECT 1 FROM officer_service s WHERE s.officer_id = o.id)
      ORDER BY o.agency_code, o.name_th, o.id
      LIMIT $2""";
  private static final String DEVICES = """
      SELECT id, agency_code, label, enrolled_at, revoked_at, last_seen_at
      FROM device
      WHERE revoked_at IS NULL AND coalesce(last_seen_at, enrolled_at) <= $3 AND ($1::text IS NULL OR agency_code = $1)
      ORDER BY coalesce(last_seen_at, enrolled_at), id
      LIMIT $2""";

  private final Pool pool;
  private final Clock clock;

  ComplianceView(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/v1/admin/compliance").handler(this::view);
  }

  private void view(RoutingContext ctx) {
    String agency = AdminRequests.query(ctx, "agency", AdminRequests.AGENCY, AdminRequests.AGENCY_EXPECTED);
    Instant now = clock.instant();
    OffsetDateTime unusedSince = OffsetDateTime.ofInstant(now.minus(UNUSED_AFTER), ZoneOffset.UTC);
    Future<JsonObject> services = section(pool.preparedQuery(SERVICES).execute(Tuple.of(agency, MAX_ITEMS + 1)),
        row -> new JsonObject().put("agency", row.getString("agency_code")).put("service", row.getString("service_code"))
            .put("nameTh", row.getString("name_th")).put("nameEn", row.getString("name_en")).put("users", row.getLong("users")));
    Future<JsonObject> officers = section(pool.preparedQuery(OFFICERS).execute(Tuple.of(agency, MAX_ITEMS + 1)),
        row -> new JsonObject().put("id", row.getUUID("id").toString()).put("agency", row.getString("agency_code"))
            .put("nameTh", row.getString("name_th")).put("nameEn", row.getString("name_en")).put("rank", row.getString("rank")));
    Future<JsonObject> devices = section(pool.preparedQuery(DEVICES).execute(Tuple.of(agency, MAX_ITEMS + 1, unusedSince)),
        row -> {
          OffsetDateTime used = row.getOffsetDateTime("last_seen_at") != null ? row.getOffsetDateTime("last_seen_at")
              : row.getOffsetDateTime("enrolled_at");
          return DeviceAdmin.json(row).put("unusedDays", Duration.between(used.toInstant(), now).toDays());
        });
    Future.all(services, officers, devices)
        .onSuccess(all -> ctx.json(new JsonObject()
            .put("asOf", now.toString())
            .put("agency", agency)
            .put("servicesWithFewerThanTwoUsers", services.result())
            .put("usersWithoutServices", officers.result())
            .put("unusedDevices", devices.result().put("thresholdDays", UNUSED_AFTER.toDays()))))
        .onFailure(ctx::fail);
  }

  private static Future<JsonObject> section(Future<RowSet<Row>> query, Function<Row, JsonObject> item) {
    return query.map(rows -> {
      JsonArray items = new JsonArray();
      for (Row row : rows) {
        if (items.size() == MAX_ITEMS) {
          break;
        }
        items.add(item.apply(row));
      }
      return new JsonObject().put("items", items).put("truncated", rows.size() > MAX_ITEMS);
    });
  }
}
