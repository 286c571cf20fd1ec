package io.linkgate.report;

import io.linkgate.http.ProblemType;

/** Refusals of the report API. */
public final class ReportProblems {

  private ReportProblems() {
  }

  public static final ProblemType NOT_FOUND = new ProblemType("report-not-found", "No such report", 404);
  public static final ProblemType FORBIDDEN = new ProblemType("report-forbidden", "Not allowed to see this report", 403);
  public static final ProblemType STEP_FORBIDDEN = new ProblemType("report-step-forbidden", "Not allowed to sign this step", 403);
  public static final ProblemType WRONG_STATE = new ProblemType("report-state", "The report is not at this step", 409);
  public static final ProblemType CHANGED = new ProblemType("report-changed", "The report is not the one you approved", 409);
  public static final ProblemType SAME_SIGNER = new ProblemType("report-same-signer", "One officer signs a report in one role only", 409);
  public static final ProblemType MONTH_OPEN = new ProblemType("report-month-open", "The month has not ended yet", 409);
  public static final ProblemType CLOSED = new ProblemType("report-closed", "The report was already sent on or escalated", 409);
  public static final ProblemType PDF_UNAVAILABLE = new ProblemType("report-pdf-unavailable", "PDF rendering unavailable", 503);
}
