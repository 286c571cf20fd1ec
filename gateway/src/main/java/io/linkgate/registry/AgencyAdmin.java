package io.linkgate.registry;

import static io.linkgate.registry.AdminRequests.AGENCY;
import static io.linkgate.registry.AdminRequests.AGENCY_EXPECTED;
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
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Agencies: {@code POST/GET /v1/admin/agencies}, {@code GET/PATCH /v1/admin/agencies/{code}}. Working days
 * travel as names ({@code ["MON", ..., "FRI"]}) and are stored as a bitmask (bit 0 Monday); working hours as
 * {@code "08:30"}, Asia/Bangkok. A change reaches this instance's lookups at once, other instances within
 * the registry cache refresh (30 s).
 */
final class AgencyAdmin {

  private static final Pattern OFFICE = Pattern.compile("[0-9]{5}");
  private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?");
  private static final Pattern END_TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?|24:00(:00)?");
  private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
  private static final Set<String> FIELDS = Set.of("code", "officeCode", "nameTh", "nameEn", "monthlyQuota", "workDays",
      "workStart", "workEnd", "active");
  private static final String COLUMNS = "code, office_code, name_th, name_en, monthly_quota, work_days, work_start, work_end, active, created_at";

  private final Pool pool;
  private final AgencyDirectory directory;

  AgencyAdmin(Pool pool, AgencyDirectory directory) {
    this.pool = pool;
    this.directory = directory;
  }

  void mount(Router router) {
    router.post("/v1/admin/agencies").handler(this::create);
    router.get("/v1/admin/agencies").handler(this::list);
    router.get("/v1/admin/agencies/:code").handler(this::get);
    router.patch("/v1/admin/agencies/:code").handler(this::update);
  }

  private void create(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx).only(FIELDS);
    Agency agency = new Agency(body.matching("code", AGENCY, AGENCY_EXPECTED), officeCode(body), body.string("nameTh", 200),
        body.string("nameEn", 200), body.integer("monthlyQuota", 0, Integer.MAX_VALUE),
        body.has("workDays") ? workDays(body) : 0b0011111,
        body.has("workStart") ? time(body, "workStart") : LocalTime.of(8, 30),
        body.has("workEnd") ? endTime(body) : LocalTime.of(16, 30), body.bool("active", true));
    checkHours(agency, body.has("workEnd") ? "workEnd" : "workStart");
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> conn.preparedQuery("""
                INSERT INTO agency (code, office_code, name_th, name_en, monthly_quota, work_days, work_start, work_end, active)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING %s""".formatted(COLUMNS))
            .execute(Tuple.of(agency.code(), agency.officeCode(), agency.nameTh(), agency.nameEn(), agency.monthlyQuota(),
                (short) agency.workDays(), agency.workStart(), agency.workEnd(), agency.active()))
            .compose(rows -> AdminAudit.record(conn, actor, "agency.create", agency.code(), json(agency)).map(rows.iterator().next())))
        .recover(e -> Future.failedFuture(AdminRequests.conflict(e, "Agency " + agency.code() + " already exists.")))
        .onSuccess(row -> {
          directory.invalidateAll();
          ctx.response().setStatusCode(201);
          ctx.json(json(row));
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    Boolean active = AdminRequests.queryBool(ctx, "active");
    pool.preparedQuery("SELECT " + COLUMNS + " FROM agency WHERE ($1::boolean IS NULL OR active = $1) ORDER BY code")
        .execute(Tuple.of(active))
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(json(row)));
          ctx.json(new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String code = AdminRequests.agencyPath(ctx);
    pool.preparedQuery("SELECT " + COLUMNS + " FROM agency WHERE code = $1").execute(Tuple.of(code))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound("No agency " + code + "."))
            : Future.succeededFuture(rows.iterator().next()))
        .onSuccess(row -> ctx.json(json(row)))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    String code = AdminRequests.agencyPath(ctx);
    JsonBody body = JsonBody.of(ctx).only(FIELDS);
    if (body.has("code")) {
      throw bad("code", "Field 'code' cannot change: an agency's code is its identity.");
    }
    // every field is read (and validated) before anything is touched
    String office = body.has("officeCode") ? officeCode(body) : null;
    String nameTh = body.optionalString("nameTh", 200);
    String nameEn = body.optionalString("nameEn", 200);
    Integer quota = body.has("monthlyQuota") ? body.integer("monthlyQuota", 0, Integer.MAX_VALUE) : null;
    Integer days = body.has("workDays") ? workDays(body) : null;
    LocalTime start = body.has("workStart") ? time(body, "workStart") : null;
    LocalTime end = body.has("workEnd") ? endTime(body) : null;
    Boolean active = body.has("active") ? body.bool("active", true) : null;
    String actor = AdminAuth.actor(ctx);
    pool.withTransaction(conn -> conn.preparedQuery("SELECT " + COLUMNS + " FROM agency WHERE code = $1 FOR UPDATE").execute(Tuple.of(code))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(notFound("No agency " + code + "."));
              }
              Row row = rows.iterator().next();
              Agency old = AgencyDirectory.map(row);
              Agency next = new Agency(code, or(office, old.officeCode()), or(nameTh, old.nameTh()), or(nameEn, old.nameEn()),
                  or(quota, old.monthlyQuota()), or(days, old.workDays()), or(start, old.workStart()), or(end, old.workEnd()),
                  or(active, old.active()));
              checkHours(next, end != null ? "workEnd" : "workStart");
              JsonObject changes = changes(json(row), json(next));
              if (changes.isEmpty()) {
                return Future.succeededFuture(json(row));
              }
              return conn.preparedQuery("""
                      UPDATE agency SET office_code = $2, name_th = $3, name_en = $4, monthly_quota = $5, work_days = $6,
                                        work_start = $7, work_end = $8, active = $9
                      WHERE code = $1 RETURNING %s""".formatted(COLUMNS))
                  .execute(Tuple.of(code, next.officeCode(), next.nameTh(), next.nameEn(), next.monthlyQuota(), (short) next.workDays(),
                      next.workStart(), next.workEnd(), next.active()))
                  .compose(updated -> AdminAudit.record(conn, actor, "agency.update", code, new JsonObject().put("changes", changes))
                      .map(json(updated.iterator().next())));
            }))
        .onSuccess(json -> {
          directory.invalidateAll();
          ctx.json(json);
        })
        .onFailure(ctx::fail);
  }

  private static String officeCode(JsonBody body) {
    return body.matching("officeCode", OFFICE, "5 digits, e.g. 00023");
  }

  private static LocalTime time(JsonBody body, String field) {
    String text = body.matching(field, TIME, "a time of day such as 08:30");
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw bad(field, "Field '" + field + "' must be a time of day such as 08:30.");
    }
  }

  /** The end of the working hours; "24:00" (or "00:00", which no start can precede) is the end of the day. */
  private static LocalTime endTime(JsonBody body) {
    String text = body.matching("workEnd", END_TIME, "a time of day such as 16:30, or 24:00 for the end of the day");
    if (text.startsWith("24")) {
      return Agency.END_OF_DAY;
    }
    try {
      LocalTime end = LocalTime.parse(text);
      return end.equals(LocalTime.MIDNIGHT) ? Agency.END_OF_DAY : end;
    } catch (DateTimeParseException e) {
      throw bad("workEnd", "Field 'workEnd' must be a time of day such as 16:30, or 24:00 for the end of the day.");
    }
  }

  private static void checkHours(Agency agency, String field) {
    if (!agency.workStart().isBefore(agency.workEnd())) {
      throw bad(field, "Field '" + field + "': working hours must start before they end (workStart " + Agency.hhmm(agency.workStart())
          + ", workEnd " + Agency.hhmm(agency.workEnd()) + ").");
    }
  }

  /** {@code ["MON", "TUE", ...]} as the bitmask (bit 0 Monday ... bit 6 Sunday). */
  static int workDays(JsonBody body) {
    int mask = 0;
    for (String day : body.strings("workDays", 7, 3)) {
      int i = DAYS.indexOf(day);
      if (i < 0) {
        throw bad("workDays", "Field 'workDays' must contain day names among " + DAYS + ".");
      }
      if ((mask & (1 << i)) != 0) {
        throw bad("workDays", "Field 'workDays' names " + day + " twice.");
      }
      mask |= 1 << i;
    }
    return mask;
  }

  static JsonArray dayNames(int mask) {
    JsonArray names = new JsonArray();
    for (DayOfWeek d : DayOfWeek.values()) {
      if ((mask & (1 << (d.getValue() - 1))) != 0) {
        names.add(DAYS.get(d.getValue() - 1));
      }
    }
    return names;
  }

  private static JsonObject json(Row row) {
    return json(AgencyDirectory.map(row)).put("createdAt", AdminRequests.iso(row.getOffsetDateTime("created_at")));
  }

  private static JsonObject json(Agency a) {
    return new JsonObject().put("code", a.code()).put("officeCode", a.officeCode()).put("nameTh", a.nameTh()).put("nameEn", a.nameEn())
        .put("monthlyQuota", a.monthlyQuota()).put("workDays", dayNames(a.workDays())).put("workStart", Agency.hhmm(a.workStart()))
        .put("workEnd", Agency.hhmm(a.workEnd())).put("active", a.active());
  }

  /** For the audit trail: each changed field, from and to. */
  static JsonObject changes(JsonObject before, JsonObject after) {
    JsonObject changes = new JsonObject();
    for (String field : new ArrayList<>(after.fieldNames())) {
      if (!Objects.equals(before.getValue(field), after.getValue(field))) {
        changes.put(field, new JsonObject().put("from", before.getValue(field)).put("to", after.getValue(field)));
      }
    }
    return changes;
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
