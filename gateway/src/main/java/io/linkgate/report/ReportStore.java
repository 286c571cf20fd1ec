package io.linkgate.report;

import io.linkgate.registry.Officer;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Stored reports: each generation is a new version with frozen content (canonical JSON and its SHA-256);
 * the older unfinished versions are superseded. Sign-offs move a report through its {@link Step}s in a
 * transaction that locks the report, checks its state, the signer's role and agency, that the signer has
 * not signed in another role, and that they approved exactly the current content.
 */
public final class ReportStore {

  /** A stored report version. */
  public record Stored(UUID id, String agency, String month, int version, String state, String content, String contentHash,
                       int anomalies, LocalDate verifyDue, LocalDate sendDue, OffsetDateTime generatedAt) {

    /**
     * The SHA-256 of the content as stored now: what a reader is shown and signs. It differs from {@link #contentHash}
     * (the hash the report was generated with, which its signers approved) only when the content was changed in the
     * database afterwards.
     */
    public String hashOfContent() {
      return ReportJson.sha256(content);
    }
  }

  private final Pool pool;
  private final Clock clock;

  public ReportStore(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  static final String COLUMNS = "id, agency_code, month, version, state, content, content_hash, anomalies, verify_due, send_due, generated_at";

  /** Saves a newly generated report as the next version (DRAFT); refused once the month's report has left the agency. */
  public Future<Stored> create(MonthlyReport report, ReportPeriod period, String generatedBy) {
    return create(report, period, generatedBy, false).map(Optional::orElseThrow);
  }

  /** Saves the first version of a month's report; empty when the month already has one (another instance was first). */
  public Future<Optional<Stored>> createFirst(MonthlyReport report, ReportPeriod period, String generatedBy) {
    return create(report, period, generatedBy, true);
  }

  private Future<Optional<Stored>> create(MonthlyReport report, ReportPeriod period, String generatedBy, boolean onlyFirst) {
    String agency = report.header().agencyCode();
    String month = period.month().toString();
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))").execute(Tuple.of(agency + "/" + month))
        // the rows locked: a sign-off in progress (which locks its row) is waited for and its state seen, so a report
        // sent on meanwhile is not superseded
        .compose(v -> conn.preparedQuery("SELECT version, state FROM monthly_report WHERE agency_code = $1 AND month = $2 "
                + "ORDER BY version DESC FOR UPDATE")
            .execute(Tuple.of(agency, month)))
        .compose(rows -> {
          if (onlyFirst && rows.size() > 0) {
            return Future.succeededFuture(Optional.<Stored>empty());
          }
          int next = 1;
          for (Row r : rows) {
            next = Math.max(next, r.getInteger(0) + 1);
            if (Step.isFinal(r.getString(1))) {
              return Future.failedFuture(ReportProblems.CLOSED.exception("The " + month + " report of " + agency
                  + " was already sent on or escalated; it can no longer be regenerated."));
            }
          }
          MonthlyReport versioned = withVersion(report, next);
          String content = ReportJson.canonical(versioned);
          String hash = ReportJson.sha256(content);
          OffsetDateTime now = utc();
          UUID id = UUID.randomUUID();
          int version = next;
          return conn.preparedQuery("UPDATE monthly_report SET state = 'SUPERSEDED', state_changed_at = $3 "
                  + "WHERE agency_code = $1 AND month = $2 AND state <> 'SUPERSEDED'").execute(Tuple.of(agency, month, now))
              .compose(x -> conn.preparedQuery("INSERT INTO monthly_report (" + COLUMNS + ", generated_by, state_changed_at) "
                      + "VALUES ($1, $2, $3, $4, 'DRAFT', $5, $6, $7, $8, $9, $10, $11, $10)")
                  .execute(Tuple.tuple().addUUID(id).addString(agency).addString(month).addInteger(version).addString(content)
                      .addString(hash).addInteger(Math.toIntExact(versioned.anomalyCount())).addLocalDate(period.verifyDue())
                      .addLocalDate(period.sendDue()).addOffsetDateTime(now).addString(generatedBy)))
              .map(x -> Optional.of(new Stored(id, agency, month, version, "DRAFT", content, hash, Math.toIntExact(versioned.anomalyCount()),
                  period.verifyDue(), period.sendDue(), now)));
        }));
  }

  public Future<Optional<Stored>> find(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM monthly_report WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
  }

  /** The current (latest, not superseded) version of an agency's month. */
  public Future<Optional<Stored>> current(String agency, String month) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM monthly_report WHERE agency_code = $1 AND month = $2 "
            + "AND state <> 'SUPERSEDED' ORDER BY version DESC LIMIT 1").execute(Tuple.of(agency, month))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
  }

  public Future<List<MonthlyReport.SignOff>> signOffs(UUID reportId) {
    return pool.preparedQuery("SELECT step, officer_name, role, at, comment, content_hash FROM report_signoff WHERE report_id = $1 ORDER BY at")
        .execute(Tuple.of(reportId))
        .map(rows -> {
          List<MonthlyReport.SignOff> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new MonthlyReport.SignOff(r.getString(0), r.getString(1), r.getString(2), r.getOffsetDateTime(3).toInstant(),
                r.getString(4), r.getString(5)));
          }
          return out;
        });
  }

  /** Signs {@code step} of report {@code id} as {@code officer}, approving {@code contentHash}. */
  public Future<Stored> sign(UUID id, Step step, Officer officer, String comment, String contentHash) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT " + COLUMNS + " FROM monthly_report WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ReportProblems.NOT_FOUND.exception("No report with this id."));
          }
          Stored r = map(rows.iterator().next());
          if (!officer.agencyCode().equals(r.agency()) || !officer.has(step.role())) {
            return Future.failedFuture(ReportProblems.STEP_FORBIDDEN.exception("The '" + step.action() + "' step is signed by the "
                + step.role() + " of agency " + r.agency() + "."));
          }
          if (!step.from().equals(r.state())) {
            return Future.failedFuture(ReportProblems.WRONG_STATE.exception("The report is " + r.state() + "; '" + step.action()
                + "' applies to a " + step.from() + " report."));
          }
          if (!r.contentHash().equals(contentHash)) {
            return Future.failedFuture(ReportProblems.CHANGED.exception("The content hash you approved is not this report's; "
                + "reload the report and review it again."));
          }
          if (!r.hashOfContent().equals(r.contentHash())) {
            return Future.failedFuture(ReportProblems.CHANGED.exception("The report's content is no longer what was generated "
                + "(it was changed in the database); it cannot be signed: report it to ICT."));
          }
          return signedInAnotherRole(conn, id, officer, step).compose(signed -> signed
              ? Future.failedFuture(ReportProblems.SAME_SIGNER.exception("You already signed this report in another role; "
                  + "the reporting user, the controlling supervisor and the head of agency must be different officers."))
              : conn.preparedQuery("INSERT INTO report_signoff (id, report_id, step, officer_id, officer_name, role, at, comment, content_hash) "
                      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                  .execute(Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(id).addString(step.name()).addUUID(officer.id())
                      .addString(officer.nameTh()).addString(step.role().name()).addOffsetDateTime(utc()).addString(comment)
                      .addString(contentHash))
                  .compose(x -> conn.preparedQuery("UPDATE monthly_report SET state = $2, state_changed_at = $3 WHERE id = $1")
                      .execute(Tuple.of(id, step.to(), utc())))
                  .map(x -> new Stored(r.id(), r.agency(), r.month(), r.version(), step.to(), r.content(), r.contentHash(),
                      r.anomalies(), r.verifyDue(), r.sendDue(), r.generatedAt())));
        }));
  }

  /** Four eyes: one officer may not sign as two of the three roles (the head both reviews and sends). */
  private Future<Boolean> signedInAnotherRole(SqlConnection conn, UUID id, Officer officer, Step step) {
    return conn.preparedQuery("SELECT 1 FROM report_signoff WHERE report_id = $1 AND officer_id = $2 AND role <> $3")
        .execute(Tuple.of(id, officer.id(), step.role().name())).map(rows -> rows.size() > 0);
  }

  static Stored map(Row r) {
    return new Stored(r.getUUID(0), r.getString(1), r.getString(2), r.getInteger(3), r.getString(4), r.getString(5), r.getString(6),
        r.getInteger(7), r.getLocalDate(8), r.getLocalDate(9), r.getOffsetDateTime(10));
  }

  private OffsetDateTime utc() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  static MonthlyReport withVersion(MonthlyReport r, int version) {
    MonthlyReport.Header h = r.header();
    return new MonthlyReport(new MonthlyReport.Header(h.agencyCode(), h.agencyNameTh(), h.agencyNameEn(), h.officeCode(), h.month(),
        h.periodStart(), h.periodEnd(), h.generatedAt(), version), r.totals(), r.services(), r.datasets(), r.officers(), r.refusals(),
        r.notFound(), r.logins(), r.anomalies(), r.unlisted(), r.workflow());
  }
}
