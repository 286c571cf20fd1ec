package io.linkgate.registry;

import static io.linkgate.registry.AdminRequests.SERVICE;
import static io.linkgate.registry.AdminRequests.SERVICE_EXPECTED;
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
import io.vertx.sqlclient.Tuple;
import java.util.Set;

/**
 * The national catalogue of services ({@code /v1/admin/services}): the services agencies perform for
 * citizens, which agencies take up (with datasets and limits) through {@link AgencyServiceAdmin} and which
 * SUPERVISORs oversee.
 */
final class ServiceAdmin {

  private static final Set<String> FIELDS = Set.of("code", "nameTh", "nameEn");
  private static final String COLUMNS = "code, name_th, name_en, created_at";

  private final Pool pool;

  ServiceAdmin(Pool pool) {
    this.pool = pool;
  }

  void mount(Router router) {
    router.post("/v1/admin/services").handler(this::create);
    router.get("/v1/admin/services").handler(this::list);
    router.get("/v1/admin/services/:service").handler(this::get);
    router.patch("/v1/admin/services/:service").handler(this::update);
  }

  private void create(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx).only(FIELDS);
    String code = body.matching("code", SERVICE, SERVICE_EXPECTED);
    String nameTh = body.string("nameTh", 200);
    String nameEn = body.string("nameEn", 200);
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO service (code, name_th, name_en) VALUES ($1, $2, $3) RETURNING " + COLUMNS)
            .execute(Tuple.of(code, nameTh, nameEn))
            .compose(rows -> AdminAudit.record(conn, actor, "service.create", code, new JsonObject().put("nameTh", nameTh).put("nameEn", nameEn))
                .map(json(rows.iterator().next()))))
        .recover(e -> Future.failedFuture(AdminRequests.conflict(e, "Service " + code + " already exists.")))
        .onSuccess(json -> {
          ctx.response().setStatusCode(201);
          ctx.json(json);
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    pool.query("SELECT " + COLUMNS + " FROM service ORDER BY code").execute()
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(json(row)));
          ctx.json(new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String code = servicePath(ctx);
    pool.preparedQuery("SELECT " + COLUMNS + " FROM service WHERE code = $1").execute(Tuple.of(code))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound("No service " + code + "."))
            : Future.succeededFuture(json(rows.iterator().next())))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    String code = servicePath(ctx);
    JsonBody body = JsonBody.of(ctx).only(FIELDS);
    if (body.has("code")) {
      throw bad("code", "Field 'code' cannot change: agencies, officers and usage records refer to it.");
    }
    String nameTh = body.optionalString("nameTh", 200);
    String nameEn = body.optionalString("nameEn", 200);
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> conn.preparedQuery("SELECT " + COLUMNS + " FROM service WHERE code = $1 FOR UPDATE").execute(Tuple.of(code))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(notFound("No service " + code + "."));
              }
              JsonObject before = json(rows.iterator().next());
              JsonObject after = before.copy().put("nameTh", nameTh != null ? nameTh : before.getString("nameTh"))
                  .put("nameEn", nameEn != null ? nameEn : before.getString("nameEn"));
              JsonObject changes = AgencyAdmin.changes(before, after);
              if (changes.isEmpty()) {
                return Future.succeededFuture(before);
              }
              return conn.preparedQuery("UPDATE service SET name_th = $2, name_en = $3 WHERE code = $1")
                  .execute(Tuple.of(code, after.getString("nameTh"), after.getString("nameEn")))
                  .compose(r -> AdminAudit.record(conn, actor, "service.update", code, new JsonObject().put("changes", changes)))
                  .map(after);
            }))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** The {@code :service} path parameter; a malformed one names no service (404). */
  static String servicePath(RoutingContext ctx) {
    String code = ctx.pathParam("service");
    if (code == null || !SERVICE.matcher(code).matches()) {
      throw notFound("No service with this code.");
    }
    return code;
  }

  private static JsonObject json(Row row) {
    return new JsonObject().put("code", row.getString("code")).put("nameTh", row.getString("name_th"))
        .put("nameEn", row.getString("name_en")).put("createdAt", AdminRequests.iso(row.getOffsetDateTime("created_at")));
  }
}
