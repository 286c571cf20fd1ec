package io.linkgate.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One agency's monthly usage report, built from the usage log (month boundaries at midnight, Asia/Bangkok):
 * the figures the paper control book summed up by hand, the anomalies found with the evidence behind them,
 * and where the report stands in its sign-off workflow. Immutable; the content hash covers everything but
 * {@link #workflow}. A report without a workflow is a preview: built when asked for, never stored or signed.
 */
public record MonthlyReport(
    Header header,
    Totals totals,
    List<ServiceLine> services,
    List<DatasetLine> datasets,
    List<OfficerLine> officers,
    List<ReasonLine> refusals,
    List<ReasonLine> notFound,
    Logins logins,
    List<Anomaly> anomalies,
    List<Unlisted> unlisted,
    Workflow workflow) {

  /** How a preview is labelled, in Thai and in English. */
  public static final String PREVIEW_TH = "ฉบับแสดงตัวอย่าง — ยังไม่ใช่รายงานประจำเดือน";
  public static final String PREVIEW_EN = "Preview — not the month's report";

  /** Whether this is a preview (of an open month, or of a closed one not generated yet) rather than a stored report. */
  public boolean preview() {
    return workflow == null;
  }

  /** All the findings of the rules: those listed in {@link #anomalies} and those beyond a rule's bound. */
  public long anomalyCount() {
    return anomalies.size() + unlisted.stream().mapToLong(Unlisted::count).sum();
  }

  /** Who and when. */
  public record Header(String agencyCode, String agencyNameTh, String agencyNameEn, String officeCode, YearMonth month,
                       Instant periodStart, Instant periodEnd, Instant generatedAt, int version) {

    /** Where the data stops: the end of the month, or the time of generation while the month was still open. */
    public Instant cutOff() {
      return generatedAt.isBefore(periodEnd) ? generatedAt : periodEnd;
    }
  }

  /** All requests of the month and how they ended; distinct citizens are those of the served lookups. */
  public record Totals(long requests, long served, long refused, long upstreamErrors, long errors, long cacheHits,
                       long distinctCitizens, long withoutRequestRef) {
  }

  public record ServiceLine(String code, String nameTh, String nameEn, long requests, long served, long refused,
                            long distinctCitizens) {
  }

  public record DatasetLine(String dataset, long requests, long served, long cacheHits) {
  }

  public record OfficerLine(UUID officerId, String nameTh, String nameEn, long requests, long served, long refused,
                            long withoutRequestRef) {
  }

  /**
   * A count by problem type: in {@link #refusals} the unsuccessful requests (refused, upstream failures, errors), e.g.
   * rate-limit-session, dataset-not-granted, upstream-timeout; in {@link #notFound} the served lookups answered that
   * no record exists (linkage-data-not-found, juristic-person-not-found...), which count within Served.
   */
  public record ReasonLine(String reason, long count) {
  }

  /** Card logins that failed, by reason (wrong PIN, blocked PIN, unregistered card...). */
  public record Logins(long failed, long wrongPin, long blockedPins, List<ReasonLine> byReason) {
  }

  /**
   * A finding of one rule: which rule, about whom (an officer's Thai name, or a citizen shown only by the first
   * characters of the keyed hash), the figures that triggered it, and the usage records behind it. {@code subjectEn}
   * is the officer's English name for the English console, null when there is none (a citizen, an officer without
   * one, and every report stored before it existed).
   */
  public record Anomaly(String rule, String titleTh, String titleEn, String subject, String subjectEn, Map<String, Number> figures,
                        List<UUID> usageIds) {

    /** A finding without an English subject. */
    public Anomaly(String rule, String titleTh, String titleEn, String subject, Map<String, Number> figures, List<UUID> usageIds) {
      this(rule, titleTh, titleEn, subject, null, figures, usageIds);
    }
  }

  /**
   * Findings of a rule beyond those listed: a rule lists a bounded number of subjects (the citizen rules, the busiest
   * {@link AnomalyRules#CITIZENS_LISTED} citizens) and counts the rest here.
   */
  public record Unlisted(String rule, long count) {
  }

  /** The report's place in the sign-off chain; not part of the content hash. */
  public record Workflow(UUID reportId, String state, LocalDate verifyDue, LocalDate sendDue, String contentHash,
                         List<SignOff> signOffs) {
  }

  public record SignOff(String step, String officerName, String role, Instant at, String comment, String contentHash) {
  }
}
