package io.linkgate.registry;

import static io.linkgate.registry.AdminRequests.bad;

import io.linkgate.citizen.CitizenId;
import io.linkgate.privacy.CitizenIdProtector;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Reading officers: {@code GET /v1/admin/officers} (filters agency, role, service, active, and citizenId
 * matched through the keyed hash; paged by agency and name) and {@code GET /v1/admin/officers/{id}}. The
 * answers never hold a citizen ID.
 */
final class OfficerListing {

  /** An officer as admins see it: no citizen ID columns. */
  static final String SELECT = """
      SELECT o.id, o.agency_code, o.name_th, o.name_en, o.rank, o.roles, o.active, o.locked_at, o.created_at,
             coalesce(array_agg(s.service_code ORDER BY s.service_code) FILTER (WHERE s.service_code IS NOT NULL), '{}') AS services
      FROM officer o LEFT JOIN officer_service s ON s.officer_id = o.id
      """;

  private final Pool pool;
  private final CitizenIdProtector protector;

  OfficerListing(Pool pool, CitizenIdProtector protector) {
    this.pool = pool;
    this.protector = protector;
  }

  void mount(Router router) {
    router.get("/v1/admin/officers").handler(this::list);
    router.get("/v1/admin/officers/:id").handler(this::get);
  }

  private void list(RoutingContext ctx) {
    List<String> where = new ArrayList<>();
    Tuple args = Tuple.tuple();
    String agency = AdminRequests.query(ctx, "agency", AdminRequests.AGENCY, AdminRequests.AGENCY_EXPECTED);
    if (agency != null) {
      args.addValue(agency);
      where.add("o.agency_code = $" + args.size());
    }
    String role = ctx.request().getParam("role");
    if (role != null) {
      args.addValue(AdminRequests.parse(Role.class, role, "role").name());
      where.add("$" + args.size() + " = ANY(o.roles)");
    }
    String service = AdminRequests.query(ctx, "service", AdminRequests.SERVICE, AdminRequests.SERVICE_EXPECTED);
    if (service != null) {
      args.addValue(service);
      where.add("EXISTS (SELECT 1 FROM officer_service f WHERE f.officer_id = o.id AND f.service_code = $" + args.size() + ")");
    }
    Boolean active = AdminRequests.queryBool(ctx, "active");
    if (active != null) {
      args.addValue(active);
      where.add("o.active = $" + args.size());
    }
    String citizenId = ctx.request().getParam("citizenId");
    if (citizenId != null) {
      String problem = CitizenId.problem(citizenId);
      if (problem != null) {
        throw bad("citizenId", "Parameter 'citizenId' " + problem + ".");
      }
      args.addValue(Buffer.buffer(protector.searchHash(citizenId)));
      where.add("o.citizen_id_hash = $" + args.size());
    }
    List<String> after = AdminRequests.cursor(ctx, 3);
    if (after != null) {
      args.addValue(after.get(0)).addValue(after.get(1)).addValue(uuid(after.get(2)));
      int n = args.size();
      where.add("(o.agency_code, o.name_th, o.id) > ($" + (n - 2) + ", $" + (n - 1) + ", $" + n + ")");
    }
    int limit = AdminRequests.limit(ctx, 100, 500);
    args.addValue(limit + 1);
    String sql = SELECT + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " GROUP BY o.id ORDER BY o.agency_code, o.name_th, o.id LIMIT $" + args.size();
    pool.preparedQuery(sql).execute(args)
        .onSuccess(rows -> ctx.json(AdminRequests.page(rows, limit, OfficerListing::json,
            row -> new Object[] {row.getString("agency_code"), row.getString("name_th"), row.getUUID("id")})))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    UUID id = AdminRequests.uuidPath(ctx, "id", "officer");
    pool.preparedQuery(SELECT + " WHERE o.id = $1 GROUP BY o.id").execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(AdminRequests.notFound("No officer with this id."))
            : Future.succeededFuture(json(rows.iterator().next())))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  static JsonObject json(Row row) {
    String[] roles = row.getArrayOfStrings("roles");
    Arrays.sort(roles);
    return new JsonObject().put("id", row.getUUID("id").toString()).put("agency", row.getString("agency_code"))
        .put("nameTh", row.getString("name_th")).put("nameEn", row.getString("name_en")).put("rank", row.getString("rank"))
        .put("roles", new JsonArray(List.of(roles))).put("services", new JsonArray(List.of(row.getArrayOfStrings("services"))))
        .put("active", row.getBoolean("active")).put("locked", row.getOffsetDateTime("locked_at") != null)
        .put("lockedAt", AdminRequests.iso(row.getOffsetDateTime("locked_at")))
        .put("createdAt", AdminRequests.iso(row.getOffsetDateTime("created_at")));
  }

  private static UUID uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw bad("cursor", "Parameter 'cursor' is not one this API gave out.");
    }
  }
}
