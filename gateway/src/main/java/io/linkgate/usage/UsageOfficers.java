package io.linkgate.usage;

import io.linkgate.http.Problems;
import io.linkgate.session.Session;
import io.linkgate.session.SessionAuth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/usage/officers?name=&limit=}: the officers whose usage records the caller may read, to pick
 * one by name before searching the log. An ICT auditor sees every officer, a head of agency those of the
 * agency, a supervisor those assigned to a service they oversee. Matches a part of the Thai or English name;
 * answers id, agency, names and whether the officer is active, nothing else (no citizen ID, no rank or roles).
 */
final class UsageOfficers {

  private final Pool pool;

  UsageOfficers(Pool pool) {
    this.pool = pool;
  }

  void list(RoutingContext ctx) {
    Session session = SessionAuth.current(ctx);
    UsageAccess access = UsageAccess.of(session, false);
    String name = ctx.request().getParam("name", "").strip();
    if (name.length() > 100) {
      throw Problems.BAD_REQUEST.exception("Parameter 'name' may have at most 100 characters.").with("field", "name");
    }
    int limit = limit(ctx);
    Tuple args = Tuple.of("%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    List<String> where = new ArrayList<>(List.of("(o.name_th ILIKE $1 OR o.name_en ILIKE $1)"));
    if (!access.all() && access.agency() != null) {
      args.addValue(access.agency());
      where.add("o.agency_code = $" + args.size());
    }
    if (!access.all() && !access.services().isEmpty()) {
      args.addValue(access.services().toArray(String[]::new));
      where.add("EXISTS (SELECT 1 FROM officer_service s WHERE s.officer_id = o.id AND s.service_code = ANY($" + args.size() + "))");
    }
    args.addValue(limit);
    String sql = "SELECT o.id, o.agency_code, o.name_th, o.name_en, o.active FROM officer o WHERE " + String.join(" AND ", where)
        + " ORDER BY o.name_th, o.id LIMIT $" + args.size();
    pool.preparedQuery(sql).execute(args)
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          for (Row row : rows) {
            items.add(new JsonObject().put("id", row.getUUID("id").toString()).put("agency", row.getString("agency_code"))
                .put("nameTh", row.getString("name_th")).put("nameEn", row.getString("name_en")).put("active", row.getBoolean("active")));
          }
          ctx.response().putHeader("Cache-Control", "no-store");
          ctx.json(new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  private static int limit(RoutingContext ctx) {
    String text = ctx.request().getParam("limit");
    if (text == null) {
      return 20;
    }
    if (text.matches("\\d{1,3}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= 100) {
      return Integer.parseInt(text);
    }
    throw Problems.BAD_REQUEST.exception("Parameter 'limit' must be between 1 and 100.").with("field", "limit");
  }
}
