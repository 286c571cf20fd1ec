package io.linkgate.report;

import io.linkgate.http.JsonBody;
import io.linkgate.http.ProblemException;
import io.linkgate.http.Problems;
import io.linkgate.registry.Officer;
import io.linkgate.registry.Role;
import io.linkgate.session.SessionAuth;
import io.linkgate.session.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The monthly report API: {@code GET /v1/reports/monthly?agency&month} (the current version, or a preview
 * of an open month) as JSON, CSV or PDF; {@code GET /v1/reports} (the list, overdue first);
 * {@code POST /v1/reports} (generate a new version of a closed month); the sign-off steps
 * {@code POST /v1/reports/{id}/submit|verify|review|send|escalate}; {@code GET /v1/reports/national?month}.
 */
public final class ReportRoutes {

  /** Reports listed at most; beyond, {@code truncated} says so and the caller narrows by agency, month or state. */
  static final int LIST_MAX = 500;

  private static final Pattern AGENCY = Pattern.compile("[A-Z0-9][A-Z0-9_-]{1,31}");
  private static final Pattern MONTH = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

  private final Pool pool;
  private final ReportBuilder builder;
  private final ReportStore store;
  private final ReportAccess access;
  private final SessionAuth auth;
  private final Function<MonthlyReport, byte[]> pdf;
  private final WorkerExecutor pdfWorkers;
  private final Clock clock;
  private final int maxBodySize;

  public ReportRoutes(Pool pool, ReportBuilder builder, ReportStore store, SessionStore sessions, Function<MonthlyReport, byte[]> pdf,
                      WorkerExecutor pdfWorkers, Clock clock, int maxBodySize) {
    this.pool = pool;
    this.builder = builder;
    this.store = store;
    this.access = new ReportAccess(pool);
    this.auth = new SessionAuth(sessions);
    this.pdf = pdf;
    this.pdfWorkers = pdfWorkers;
    this.clock = clock;
    this.maxBodySize = maxBodySize;
  }

  public void mount(Router router) {
    router.route("/v1/reports*").handler(BodyHandler.create(false).setBodyLimit(maxBodySize)).handler(auth);
    router.get("/v1/reports/monthly").handler(this::monthly);
    router.get("/v1/reports/national").handler(this::national);
    router.get("/v1/reports").handler(this::list);
    router.post("/v1/reports").handler(this::generate);
    router.get("/v1/reports/:id").handler(this::one);
    router.post("/v1/reports/:id/:action").handler(this::sign);
  }

  // -- reading -------------------------------------------------------------------------------------

  private void monthly(RoutingContext ctx) {
    Officer officer = SessionAuth.current(ctx).officer();
    String agency = required(ctx, "agency", AGENCY, "an agency code such as DEMO");
    ReportPeriod period = new ReportPeriod(month(ctx));
    String format = format(ctx);
    access.requireView(officer, agency)
        .compose(v -> store.current(agency, period.month().toString()))
        .compose(stored -> stored.isPresent() ? withWorkflow(stored.get())
            : builder.build(agency, period, 0).map(r -> r.orElseThrow(() -> Problems.NOT_FOUND.exception("No agency " + agency + "."))))
        .compose(report -> respond(ctx, report, format))
        .onFailure(ctx::fail);
  }

  private void one(RoutingContext ctx) {
    Officer officer = SessionAuth.current(ctx).officer();
    UUID id = uuid(ctx.pathParam("id"));
    String format = format(ctx);
    store.find(id)
        .compose(found -> found.isEmpty() ? Future.failedFuture(ReportProblems.NOT_FOUND.exception("No report with this id."))
            : access.requireView(officer, found.get().agency()).compose(v -> withWorkflow(found.get())))
        .compose(report -> respond(ctx, report, format))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    Officer officer = SessionAuth.current(ctx).officer();
    List<String> where = new ArrayList<>(List.of("r.state <> 'SUPERSEDED'"));
    Tuple args = Tuple.tuple();
    String agency = optional(ctx, "agency", AGENCY);
    String month = optional(ctx, "month", MONTH);
    String state = ctx.request().getParam("state");
    if (state != null && !state.matches("DRAFT|SUBMITTED|VERIFIED|REVIEWED|SENT_TO_SUPERVISOR|ESCALATED_TO_ICT")) {
      throw bad("state", "must be one of DRAFT, SUBMITTED, VERIFIED, REVIEWED, SENT_TO_SUPERVISOR, ESCALATED_TO_ICT");
    }
    if (!ReportAccess.national(officer)) {
      if (ReportAccess.agencyRole(officer)) {
        args.addValue(officer.agencyCode());
        where.add("r.agency_code = $" + args.size());
      } else if (officer.has(Role.SUPERVISOR)) {
        args.addValue(officer.services().toArray(String[]::new));
        where.add("r.agency_code IN (SELECT agency_code FROM agency_service WHERE service_code = ANY($" + args.size() + "))");
      } else {
        throw ReportProblems.FORBIDDEN.exception("Reports are for agency officers, supervisors, ICT auditors and admins.");
      }
    }
    if (agency != null) {
      args.addValue(agency);
      where.add("r.agency_code = $" + args.size());
    }
    if (month != null) {
      args.addValue(month);
      where.add("r.month = $" + args.size());
    }
    if (state != null) {
      args.addValue(state);
      where.add("r.state = $" + args.size());
    }
    LocalDate today = LocalDate.now(clock.withZone(ReportPeriod.BANGKOK));
    args.addValue(today);
    int t = args.size();
    String overdue = "(CASE WHEN r.state IN ('DRAFT','SUBMITTED') AND $" + t + " > r.verify_due THEN 1 ELSE 0 END"
        + " + CASE WHEN r.state NOT IN ('SENT_TO_SUPERVISOR','ESCALATED_TO_ICT') AND $" + t + " > r.send_due THEN 1 ELSE 0 END)";
    // the hash of the content as stored now, as a report read answers it (ReportStore.Stored#hashOfContent): computed
    // outside the page's subquery, for the rows listed only (inside, PostgreSQL hashed every matching report's content
    // before sorting and cutting: 363 ms for 3,000 reports against 4 ms)
    String sql = "SELECT l.id, l.agency_code, l.name_th, l.month, l.version, l.state, l.anomalies, l.verify_due, l.send_due, "
        + "encode(sha256(convert_to(c.content, 'UTF8')), 'hex'), l.generated_at, l.overdue, l.name_en FROM ("
        + "SELECT r.id, r.agency_code, a.name_th, r.month, r.version, r.state, r.anomalies, r.verify_due, r.send_due, "
        + "r.generated_at, " + overdue + " AS overdue, a.name_en FROM monthly_report r JOIN agency a ON a.code = r.agency_code WHERE "
        + String.join(" AND ", where) + " ORDER BY overdue DESC, r.month DESC, r.agency_code LIMIT " + (LIST_MAX + 1)
        + ") l JOIN monthly_report c ON c.id = l.id ORDER BY l.overdue DESC, l.month DESC, l.agency_code";
    pool.preparedQuery(sql).execute(args).onSuccess(rows -> {
      JsonArray items = new JsonArray();
      for (Row r : rows) {
        if (items.size() == LIST_MAX) {
          break; // one more than fits: the answer says it is cut
        }
        JsonArray stages = new JsonArray();
        String st = r.getString(5);
        if (("DRAFT".equals(st) || "SUBMITTED".equals(st)) && today.isAfter(r.getLocalDate(7))) {
          stages.add("verify");
        }
        if (!Step.isFinal(st) && today.isAfter(r.getLocalDate(8))) {
          stages.add("send");
        }
        items.add(new JsonObject().put("id", r.getUUID(0).toString()).put("agency", r.getString(1)).put("agencyNameTh", r.getString(2)).put("agencyNameEn", r.getString(12))
            .put("month", r.getString(3)).put("version", r.getInteger(4)).put("state", st).put("anomalies", r.getInteger(6))
            .put("verifyDue", r.getLocalDate(7).toString()).put("sendDue", r.getLocalDate(8).toString())
            .put("contentHash", r.getString(9)).put("generatedAt", r.getOffsetDateTime(10).toInstant().toString())
            .put("overdue", stages));
      }
      ctx.json(new JsonObject().put("items", items).put("truncated", rows.size() > LIST_MAX));
    }).onFailure(ctx::fail);
  }

  private void national(RoutingContext ctx) {
    Officer officer = SessionAuth.current(ctx).officer();
    if (!ReportAccess.national(officer)) {
      throw ReportProblems.FORBIDDEN.exception("The national summary is for ICT auditors and admins.");
    }
    ReportPeriod period = new ReportPeriod(month(ctx));
    new NationalSummary(pool).compute(period).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  // -- generating and signing ------------------------------------------------------------------------

  private void generate(RoutingContext ctx) {
    Officer officer = SessionAuth.current(ctx).officer();
    JsonBody body = JsonBody.of(ctx);
    String agency = body.matching("agency", AGENCY, "an agency code such as DEMO");
    YearMonth month = YearMonth.parse(body.matching("month", MONTH, "a month such as 2026-11"));
    ReportPeriod period = new ReportPeriod(month);
    if (!ReportAccess.canGenerate(officer, agency)) {
      throw ReportProblems.FORBIDDEN.exception("Officers of agency " + agency + " and admins generate its reports.");
    }
    if (!period.closed(clock.instant())) {
      throw ReportProblems.MONTH_OPEN.exception("The " + month + " report is generated after the month ends (Asia/Bangkok); "
          + "GET /v1/reports/monthly shows a preview meanwhile.");
    }
    builder.build(agency, period, 0)
        .compose(r -> r.isEmpty() ? Future.failedFuture(Problems.NOT_FOUND.exception("No agency " + agency + "."))
            : store.create(r.get(), period, officer.id().toString()))
        .compose(this::withWorkflow)
        .onSuccess(report -> {
          ctx.response().setStatusCode(201);
          ctx.json(ReportJson.full(report));
        })
        .onFailure(ctx::fail);
  }

  private void sign(RoutingContext ctx) {
    Officer officer = SessionAuth.current(ctx).officer();
    UUID id = uuid(ctx.pathParam("id"));
    Step step = Step.byAction(ctx.pathParam("action"));
    if (step == null) {
      throw Problems.NOT_FOUND.exception("Report steps are submit, verify, review, send and escalate.");
    }
    JsonBody body = JsonBody.of(ctx);
    String comment = body.string("comment", 2000).trim();
    if (comment.isEmpty()) {
      throw bad("comment", "must not be blank");
    }
    String hash = body.matching("contentHash", Pattern.compile("[0-9a-f]{64}"), "the report's contentHash (64 hex digits)");
    store.sign(id, step, officer, comment, hash)
        .compose(this::withWorkflow)
        .onSuccess(report -> ctx.json(ReportJson.full(report)))
        .onFailure(ctx::fail);
  }

  // -- plumbing ------------------------------------------------------------------------------------------

  /**
   * The stored report with its sign-offs. Its contentHash is that of the content answered, computed as it is read: a
   * content changed in the database after it was generated shows a hash none of its sign-offs approved.
   */
  private Future<MonthlyReport> withWorkflow(ReportStore.Stored s) {
    return store.signOffs(s.id()).map(signOffs -> ReportJson.parse(s.content(),
        new MonthlyReport.Workflow(s.id(), s.state(), s.verifyDue(), s.sendDue(), s.hashOfContent(), signOffs)));
  }

  private Future<Void> respond(RoutingContext ctx, MonthlyReport report, String format) {
    ctx.response().putHeader("Cache-Control", "no-store");
    String name = "linkgate-" + report.header().agencyCode() + "-" + report.header().month()
        + (report.preview() ? "-preview" : "-v" + report.header().version());
    switch (format) {
      case "csv" -> {
        ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"")
            .end(Buffer.buffer(ReportCsv.render(report)));
        return Future.succeededFuture();
      }
      case "pdf" -> {
        return pdfWorkers.executeBlocking(() -> pdf.apply(report), false).map(bytes -> {
          ctx.response().putHeader("Content-Type", "application/pdf")
              .putHeader("Content-Disposition", "inline; filename=\"" + name + ".pdf\"")
              .end(Buffer.buffer(bytes));
          return null;
        });
      }
      default -> {
        ctx.json(ReportJson.full(report));
        return Future.succeededFuture();
      }
    }
  }

  /** {@code format=json|csv|pdf}, or the Accept header. */
  private static String format(RoutingContext ctx) {
    String f = ctx.request().getParam("format");
    if (f != null) {
      if (!f.matches("json|csv|pdf")) {
        throw bad("format", "must be json, csv or pdf");
      }
      return f;
    }
    String accept = Optional.ofNullable(ctx.request().getHeader("Accept")).orElse("");
    if (accept.contains("application/pdf")) {
      return "pdf";
    }
    if (accept.contains("text/csv")) {
      return "csv";
    }
    return "json";
  }

  private static YearMonth month(RoutingContext ctx) {
    String m = required(ctx, "month", MONTH, "a month such as 2026-11");
    try {
      return YearMonth.parse(m);
    } catch (DateTimeParseException e) {
      throw bad("month", "must be a month such as 2026-11");
    }
  }

  private static String required(RoutingContext ctx, String name, Pattern p, String expected) {
    String v = optional(ctx, name, p);
    if (v == null) {
      throw bad(name, "is required (" + expected + ")");
    }
    return v;
  }

  private static String optional(RoutingContext ctx, String name, Pattern p) {
    String v = ctx.request().getParam(name);
    if (v != null && !p.matcher(v).matches()) {
      throw bad(name, "is not valid");
    }
    return v;
  }

  private static UUID uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw ReportProblems.NOT_FOUND.exception("No report with this id.");
    }
  }

  private static ProblemException bad(String field, String why) {
    return Problems.BAD_REQUEST.exception("Parameter '" + field + "' " + why + ".").with("field", field);
  }
}
