package io.linkgate.registry;

import static io.linkgate.registry.AdminRequests.SERVICE;
import static io.linkgate.registry.AdminRequests.bad;
import static io.linkgate.registry.AdminRequests.notFound;

import io.linkgate.http.JsonBody;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The services an agency performs ({@code /v1/admin/agencies/{code}/services/{service}}): the datasets each
 * grants and its session limit. {@code PUT} sets all of it (an absent {@code sessionRate}/{@code sessionBurst}
 * inherits the configuration's limits); {@code DELETE} deactivates, keeping officers' assignments and the
 * history. A change reaches this instance's lookups at once, other instances within the registry cache
 * refresh (30 s).
 */
final class AgencyServiceAdmin {

  /** What the V3 check constraint allows; 001 and 027 have their own names. */
  private static final Pattern DATASET = Pattern.compile("linkage\\.(person|house|[0-9]{3})|gdx\\.(card-check|juristic)");
  private static final Set<String> FIELDS = Set.of("datasets", "active", "sessionRate", "sessionBurst");
  private static final String COLUMNS = """
      s.agency_code, s.service_code, c.name_th, c.name_en, s.datasets, s.active, s.session_rate, s.session_burst, s.created_at""";

  private final Pool pool;
  private final AgencyDirectory directory;

  AgencyServiceAdmin(Pool pool, AgencyDirectory directory) {
    this.pool = pool;
    this.directory = directory;
  }

  void mount(Router router) {
    router.get("/v1/admin/agencies/:code/services").handler(this::list);
    router.get("/v1/admin/agencies/:code/services/:service").handler(this::get);
    router.put("/v1/admin/agencies/:code/services/:service").handler(this::put);
    router.delete("/v1/admin/agencies/:code/services/:service").handler(this::deactivate);
  }

  private void put(RoutingContext ctx) {
    String agency = AdminRequests.agencyPath(ctx);
    String service = ctx.pathParam("service");
    JsonBody body = JsonBody.of(ctx).only(FIELDS);
    List<String> datasets = datasets(body);
    boolean active = body.bool("active", true);
    Double rate = body.has("sessionRate") ? body.decimal("sessionRate", 0.001, 100_000) : null;
    Integer burst = body.has("sessionBurst") ? body.integer("sessionBurst", 1, 1_000_000) : null;
    if (!SERVICE.matcher(service).matches()) {
      throw AdminRoutes.UNKNOWN_REFERENCE.exception("Service with this code is not in the national catalogue.");
    }
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> requireAgency(conn, agency)
            .compose(v -> conn.preparedQuery("SELECT 1 FROM service WHERE code = $1").execute(Tuple.of(service)))
            .compose(rows -> rows.size() == 0
                ? Future.failedFuture(AdminRoutes.UNKNOWN_REFERENCE.exception("Service " + service
                    + " is not in the national catalogue (POST /v1/admin/services first)."))
                : conn.preparedQuery("""
                        INSERT INTO agency_service (agency_code, service_code, datasets, active, session_rate, session_burst)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (agency_code, service_code) DO UPDATE
                          SET datasets = EXCLUDED.datasets, active = EXCLUDED.active,
                              session_rate = EXCLUDED.session_rate, session_burst = EXCLUDED.session_burst
                        RETURNING (xmax = 0) AS created""")
                    .execute(Tuple.of(agency, service, datasets.toArray(String[]::new), active, rate, burst)))
            .compose(rows -> {
              boolean created = rows.iterator().next().getBoolean("created");
              JsonObject detail = new JsonObject().put("agency", agency).put("service", service).put("created", created)
                  .put("datasets", new JsonArray(datasets)).put("active", active).put("sessionRate", rate).put("sessionBurst", burst);
              return AdminAudit.record(conn, actor, "agency-service.put", agency + "/" + service, detail)
                  .compose(v -> select(conn, agency, service)).map(json -> json.put("created", created));
            }))
        .onSuccess(json -> {
          directory.invalidateAll();
          boolean created = (Boolean) json.remove("created");
          ctx.response().setStatusCode(created ? 201 : 200);
          ctx.json(json);
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    String agency = AdminRequests.agencyPath(ctx);
    pool.withConnection(conn -> requireAgency(conn, agency)
            .compose(v -> conn.preparedQuery("SELECT " + COLUMNS + """
                 FROM agency_service s JOIN service c ON c.code = s.service_code
                WHERE s.agency_code = $1 ORDER BY s.service_code""").execute(Tuple.of(agency))))
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(json(row)));
          ctx.json(new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String agency = AdminRequests.agencyPath(ctx);
    String service = ServiceAdmin.servicePath(ctx);
    pool.withConnection(conn -> select(conn, agency, service))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void deactivate(RoutingContext ctx) {
    String agency = AdminRequests.agencyPath(ctx);
    String service = ServiceAdmin.servicePath(ctx);
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> conn.preparedQuery(
                "UPDATE agency_service SET active = false WHERE agency_code = $1 AND service_code = $2 AND active")
            .execute(Tuple.of(agency, service))
            .compose(r -> r.rowCount() == 0
                ? Future.failedFuture(notFound("Agency " + agency + " performs no active service " + service + "."))
                : AdminAudit.record(conn, actor, "agency-service.deactivate", agency + "/" + service,
                    new JsonObject().put("agency", agency).put("service", service))))
        .onSuccess(v -> {
          directory.invalidateAll();
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(ctx::fail);
  }

  private static Future<JsonObject> select(SqlConnection conn, String agency, String service) {
    return conn.preparedQuery("SELECT " + COLUMNS + """
             FROM agency_service s JOIN service c ON c.code = s.service_code
            WHERE s.agency_code = $1 AND s.service_code = $2""")
        .execute(Tuple.of(agency, service))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(notFound("Agency " + agency + " does not perform service " + service + "."))
            : Future.succeededFuture(json(rows.iterator().next())));
  }

  private static Future<Void> requireAgency(SqlConnection conn, String agency) {
    return conn.preparedQuery("SELECT 1 FROM agency WHERE code = $1").execute(Tuple.of(agency))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound("No agency " + agency + ".")) : Future.succeededFuture());
  }

  private static List<String> datasets(JsonBody body) {
    if (!body.has("datasets")) {
      throw bad("datasets", "Field 'datasets' is required (an array, e.g. [\"linkage.person\"]).");
    }
    Set<String> datasets = new LinkedHashSet<>();
    for (String d : body.strings("datasets", 50, 40)) {
      if (d.equals("linkage.001") || d.equals("linkage.027")) {
        throw bad("datasets", "Field 'datasets': write " + d + " as " + (d.endsWith("001") ? "linkage.person" : "linkage.house") + ".");
      }
      if (!DATASET.matcher(d).matches()) {
        throw bad("datasets", "Field 'datasets' may contain linkage.person, linkage.house, linkage.NNN (a Linkage service id), "
            + "gdx.card-check and gdx.juristic.");
      }
      if (!datasets.add(d)) {
        throw bad("datasets", "Field 'datasets' names " + d + " twice.");
      }
    }
    return List.copyOf(datasets);
  }

  private static JsonObject json(Row row) {
    return new JsonObject().put("agency", row.getString("agency_code")).put("service", row.getString("service_code"))
        .put("nameTh", row.getString("name_th")).put("nameEn", row.getString("name_en"))
        .put("datasets", new JsonArray(List.of(row.getArrayOfStrings("datasets")))).put("active", row.getBoolean("active"))
        .put("sessionRate", row.getDouble("session_rate")).put("sessionBurst", row.getInteger("session_burst"))
        .put("createdAt", AdminRequests.iso(row.getOffsetDateTime("created_at")));
  }
}
