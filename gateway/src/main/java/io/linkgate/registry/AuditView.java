package io.linkgate.registry;

import static io.linkgate.registry.AdminRequests.bad;

import io.linkgate.http.DateOrInstant;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/admin/audit?from&to&actor&action&target&cursor&limit}: the admin audit trail, newest first,
 * for ADMINs, SUPER_ADMINs and ICT auditors (read only; an ICT auditor is not an admin, so this route carries
 * its own role check).
 */
final class AuditView {

  private static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
  private static final Pattern ACTOR = Pattern.compile("bootstrap|signal|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern ACTION = Pattern.compile("[a-z][a-z.-]{0,63}");
  private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_./:-]{0,127}");

  private final Pool pool;
  private final AdminAuth auth;

  AuditView(Pool pool, AdminAuth auth) {
    this.pool = pool;
    this.auth = auth;
  }

  void mount(Router router) {
    auth.protect(router.get("/v1/admin/audit"), EnumSet.of(Role.ADMIN, Role.SUPER_ADMIN, Role.ICT_AUDITOR),
        "ADMIN, SUPER_ADMIN and ICT_AUDITOR card sessions").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    List<String> where = new ArrayList<>();
    Tuple args = Tuple.tuple();
    Instant from = instant(ctx, "from");
    Instant to = instant(ctx, "to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw bad("from", "Parameter 'from' must be before 'to'.");
    }
    if (from != null) {
      args.addValue(utc(from));
      where.add("a.at >= $" + args.size());
    }
    if (to != null) {
      args.addValue(utc(to));
      where.add("a.at < $" + args.size());
    }
    String actor = AdminRequests.query(ctx, "actor", ACTOR, "an officer id (UUID), 'bootstrap' or 'signal'");
    if (actor != null) {
      args.addValue(actor.toLowerCase(java.util.Locale.ROOT));
      where.add("a.actor = $" + args.size());
    }
    String action = AdminRequests.query(ctx, "action", ACTION, "an action such as officer.update");
    if (action != null) {
      args.addValue(action);
      where.add("a.action = $" + args.size());
    }
    String target = AdminRequests.query(ctx, "target", TARGET, "an object id or code");
    if (target != null) {
      args.addValue(target);
      where.add("a.target = $" + args.size());
    }
    List<String> before = AdminRequests.cursor(ctx, 2);
    if (before != null) {
      try {
        args.addValue(utc(DateOrInstant.parse(before.get(0), BANGKOK))).addValue(UUID.fromString(before.get(1)));
      } catch (DateTimeException | IllegalArgumentException | NullPointerException e) {
        throw bad("cursor", "Parameter 'cursor' is not one this API gave out.");
      }
      where.add("(a.at, a.id) < ($" + (args.size() - 1) + ", $" + args.size() + ")");
    }
    int limit = AdminRequests.limit(ctx, 100, 500);
    args.addValue(limit + 1);
    String sql = """
        SELECT a.id, a.at, a.actor, a.action, a.target, a.detail, o.name_th, o.name_en
        FROM admin_audit a LEFT JOIN officer o ON a.actor NOT IN ('bootstrap', 'signal') AND o.id::text = a.actor"""
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY a.at DESC, a.id DESC LIMIT $" + args.size();
    pool.preparedQuery(sql).execute(args)
        .onSuccess(rows -> {
          ctx.response().putHeader("Cache-Control", "no-store");
          ctx.json(AdminRequests.page(rows, limit, AuditView::json,
              row -> new Object[] {row.getOffsetDateTime("at").toInstant(), row.getUUID("id")}));
        })
        .onFailure(ctx::fail);
  }

  private static JsonObject json(Row row) {
    Object detail = row.getValue("detail");
    return new JsonObject().put("id", row.getUUID("id").toString()).put("at", AdminRequests.iso(row.getOffsetDateTime("at")))
        .put("actor", row.getString("actor")).put("actorName", row.getString("name_th")).put("actorNameEn", row.getString("name_en"))
        .put("action", row.getString("action")).put("target", row.getString("target"))
        .put("detail", detail instanceof JsonObject o ? o : new JsonObject());
  }

  /** A date (Asia/Bangkok, the start of that day) or an instant; {@code null} when absent. */
  private static Instant instant(RoutingContext ctx, String name) {
    String text = ctx.request().getParam(name);
    if (text == null) {
      return null;
    }
    try {
      return DateOrInstant.parse(text, BANGKOK);
    } catch (DateTimeException e) {
      throw bad(name, "Parameter '" + name + "' must be a date (2026-11-02, Asia/Bangkok) or an instant (2026-11-02T03:00:00Z) "
          + "between the years 1900 and 9999.");
    }
  }

  private static OffsetDateTime utc(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
