package io.linkgate.usage;

import io.linkgate.citizen.CitizenId;
import io.linkgate.http.DateOrInstant;
import io.linkgate.http.ProblemException;
import io.linkgate.http.Problems;
import io.linkgate.privacy.CitizenIdProtector;
import io.linkgate.registry.AdminAudit;
import io.linkgate.session.Session;
import io.linkgate.session.SessionAuth;
import io.linkgate.session.SessionStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/usage}: the usage log, paged newest first, filtered by period, officer, service, citizen
 * (through the keyed hash) and outcome, restricted to what the caller's role may see. Every search is
 * written to the audit trail (a citizen filter only as its keyed hash). {@code GET /v1/usage/stream}: the
 * live stream (server-sent events). {@code GET /v1/usage/officers}: the officers the caller may search by, by name.
 */
public final class UsageRoutes {

  private static final Pattern SERVICE = Pattern.compile("[A-Z0-9][A-Z0-9_.-]{1,39}");
  private static final Pattern AGENCY = Pattern.compile("[A-Z0-9][A-Z0-9_-]{1,31}");
  private static final Set<String> OUTCOMES = Set.of("SERVED", "REFUSED", "UPSTREAM_ERROR", "ERROR");

  private final Pool pool;
  private final CitizenIdProtector protector;
  private final SessionAuth auth;
  private final UsageStream stream;
  private final UsageOfficers officers;
  private final Clock clock;

  public UsageRoutes(Pool pool, CitizenIdProtector protector, SessionStore sessions, UsageStream stream, Clock clock) {
    this.pool = pool;
    this.protector = protector;
    this.auth = new SessionAuth(sessions);
    this.stream = stream;
    this.officers = new UsageOfficers(pool);
    this.clock = clock;
  }

  public void mount(Router router) {
    router.get("/v1/usage").handler(auth).handler(this::search);
    router.get("/v1/usage/stream").handler(auth).handler(this::stream);
    router.get("/v1/usage/officers").handler(auth).handler(officers::list);
  }

  private void stream(RoutingContext ctx) {
    Session session = SessionAuth.current(ctx);
    UsageAccess access = UsageAccess.of(session, true);
    UsageStream.Filter filter = new UsageStream.Filter(param(ctx, "agency", AGENCY), param(ctx, "service", SERVICE),
        outcome(ctx), ctx.request().getParam("dataset"));
    stream.subscribe(ctx, session, access, filter);
  }

  /**
   * A search refused for its reader's access (403) leaves an audit entry too, {@code usage.search.refused} with the
   * agency and service asked for when well-formed (never the citizen): who tried to read what they may not is
   * what an investigation of the usage log asks first.
   */
  private void search(RoutingContext ctx) {
    Session session = SessionAuth.current(ctx);
    try {
      search(ctx, session);
    } catch (ProblemException refused) {
      if (refused.type() != UsageAccess.DENIED) {
        throw refused;
      }
      JsonObject detail = new JsonObject().put("agency", wellFormed(ctx, "agency", AGENCY)).put("service", wellFormed(ctx, "service", SERVICE));
      AdminAudit.record(pool, session.officer().id().toString(), "usage.search.refused", "usage_log", detail)
          .onComplete(recorded -> ctx.fail(refused));
    }
  }

  private static String wellFormed(RoutingContext ctx, String name, Pattern pattern) {
    String value = ctx.request().getParam(name);
    return value != null && pattern.matcher(value).matches() ? value : null;
  }

  private void search(RoutingContext ctx, Session session) {
    UsageAccess access = UsageAccess.of(session, false);
    // a later page searches the first page's period, carried in its cursor: "now" moves between pages, and a
    // period recomputed from it would lose the oldest records (from) or add newer ones (to)
    String cursorText = ctx.request().getParam("cursor");
    Cursor cursor = cursorText == null ? null : decodeCursor(cursorText);
    Instant to = instant(ctx, "to", cursor != null ? cursor.to() : clock.instant().plusMillis(1)); // up to and including now
    Instant from = instant(ctx, "from", cursor != null ? cursor.from() : to.minus(Duration.ofDays(1)));
    if (cursor != null && (!from.equals(cursor.from()) || !to.equals(cursor.to()))) {
      throw bad("Parameter 'cursor' belongs to a search of another period ('from' and 'to' must be those of the first page, or left out)", "cursor");
    }
    if (!from.isBefore(to)) {
      throw bad("Parameter 'from' must be before 'to'", "from");
    }
    if (Duration.between(from, to).compareTo(Duration.ofDays(366)) > 0) {
      throw bad("Parameters 'from' and 'to' may span at most a year", "from");
    }
    int limit = limit(ctx);
    List<String> where = new ArrayList<>(List.of("at >= $1", "at < $2"));
    Tuple args = Tuple.of(utc(from), utc(to));
    String agency = param(ctx, "agency", AGENCY);
    if (!access.all()) {
      if (access.agency() != null) {
        if (agency != null && !agency.equals(access.agency())) {
          throw UsageAccess.DENIED.exception("A head of agency reads the records of their own agency only.");
        }
        agency = access.agency();
      }
    }
    if (agency != null) {
      args.addValue(agency);
      where.add("agency_code = $" + args.size());
    }
    String service = param(ctx, "service", SERVICE);
    if (!access.services().isEmpty()) {
      if (service != null && !access.services().contains(service)) {
        throw UsageAccess.DENIED.exception("A supervisor reads the records of the services they oversee only.");
      }
      args.addValue(service != null ? new String[] {service} : access.services().toArray(String[]::new));
      where.add("service_code = ANY($" + args.size() + ")");
    } else if (service != null) {
      args.addValue(service);
      where.add("service_code = $" + args.size());
    }
    String officer = ctx.request().getParam("officer");
    if (officer != null) {
      args.addValue(uuid(officer, "officer"));
      where.add("officer_id = $" + args.size());
    }
    String citizen = ctx.request().getParam("citizen");
    byte[] citizenHash = null;
    if (citizen != null) {
      String problem = CitizenId.problem(citizen);
      if (problem != null) {
        throw bad("Parameter 'citizen' " + problem, "citizen");
      }
      citizenHash = protector.searchHash(citizen);
      args.addValue(Buffer.buffer(citizenHash));
      where.add("target_hash = $" + args.size());
    }
    String outcome = outcome(ctx);
    if (outcome != null) {
      args.addValue(outcome);
      where.add("outcome = $" + args.size());
    }
    if (cursor != null) {
      args.addValue(utc(cursor.at()));
      args.addValue(cursor.id());
      where.add("(at, id) < ($" + (args.size() - 1) + ", $" + args.size() + ")");
    }
    args.addValue(limit + 1);
    String sql = "SELECT " + UsageRows.COLUMNS + " FROM usage_log WHERE " + String.join(" AND ", where)
        + " ORDER BY at DESC, id DESC LIMIT $" + args.size();
    JsonObject auditDetail = new JsonObject().put("from", from.toString()).put("to", to.toString()).put("agency", agency)
        .put("service", service).put("officer", officer).put("outcome", outcome)
        .put("citizenHash", citizenHash == null ? null : Base64.getEncoder().encodeToString(citizenHash));
    pool.withTransaction(conn -> AdminAudit.record(conn, session.officer().id().toString(), "usage.search", "usage_log", auditDetail)
            .compose(v -> conn.preparedQuery(sql).execute(args)))
        // built in map, not onSuccess: an exception here fails the future and so the request (a 500 problem)
        // instead of going to the context with no response ever written
        .map(rows -> {
          JsonArray items = new JsonArray();
          Row last = null;
          int n = 0;
          for (Row row : rows) {
            if (n++ == limit) {
              break;
            }
            items.add(UsageRows.json(row, access.decrypt() ? protector : null));
            last = row;
          }
          JsonObject body = new JsonObject().put("items", items);
          body.put("nextCursor", rows.size() > limit && last != null ? encodeCursor(last, from, to) : null);
          return body;
        })
        .onSuccess(body -> {
          ctx.response().putHeader("Cache-Control", "no-store");
          ctx.json(body);
        })
        .onFailure(ctx::fail);
  }

  /** Where the previous page ended, and the period of the search it belongs to. */
  private record Cursor(Instant at, UUID id, Instant from, Instant to) {
  }

  private static String encodeCursor(Row row, Instant from, Instant to) {
    String raw = row.getOffsetDateTime("at").toInstant() + "|" + row.getUUID("id") + "|" + from + "|" + to;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static Cursor decodeCursor(String text) {
    Cursor cursor;
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", -1);
      if (parts.length != 4) {
        throw new IllegalArgumentException("not four parts");
      }
      cursor = new Cursor(instantIn(parts[0]), UUID.fromString(parts[1]), instantIn(parts[2]), instantIn(parts[3]));
    } catch (RuntimeException e) {
      throw bad("Parameter 'cursor' is not one this API gave out", "cursor");
    }
    if (!cursor.from().isBefore(cursor.to()) || Duration.between(cursor.from(), cursor.to()).compareTo(Duration.ofDays(366)) > 0) {
      throw bad("Parameter 'cursor' is not one this API gave out", "cursor");
    }
    return cursor;
  }

  /** An instant a cursor carries, in the years the parameters allow (those a timestamp column holds). */
  private static Instant instantIn(String text) {
    return DateOrInstant.parse(text, UsagePartitions.BANGKOK);
  }

  private static Instant instant(RoutingContext ctx, String name, Instant fallback) {
    String text = ctx.request().getParam(name);
    if (text == null) {
      return fallback;
    }
    try {
      return DateOrInstant.parse(text, UsagePartitions.BANGKOK);
    } catch (DateTimeException e) {
      throw bad("Parameter '" + name + "' must be a date (2026-11-02, Asia/Bangkok) or an instant (2026-11-02T03:00:00Z) between the years 1900 and 9999",
          name);
    }
  }

  private static int limit(RoutingContext ctx) {
    String text = ctx.request().getParam("limit");
    if (text == null) {
      return 100;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= 500) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw bad("Parameter 'limit' must be between 1 and 500", "limit");
  }

  private static String param(RoutingContext ctx, String name, Pattern pattern) {
    String v = ctx.request().getParam(name);
    if (v != null && !pattern.matcher(v).matches()) {
      throw bad("Parameter '" + name + "' is not a valid code", name);
    }
    return v;
  }

  private static String outcome(RoutingContext ctx) {
    String v = ctx.request().getParam("outcome");
    if (v != null && !OUTCOMES.contains(v)) {
      throw bad("Parameter 'outcome' must be one of SERVED, REFUSED, UPSTREAM_ERROR, ERROR", "outcome");
    }
    return v;
  }

  private static UUID uuid(String text, String name) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw bad("Parameter '" + name + "' must be an officer id (UUID)", name);
    }
  }

  private static ProblemException bad(String detail, String field) {
    return Problems.BAD_REQUEST.exception(detail + ".").with("field", field);
  }

  private static OffsetDateTime utc(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
