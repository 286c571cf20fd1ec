package io.linkgate.ratelimit;

import io.linkgate.http.ProblemType;

/** Refusals by a limit; the slug names the scope. */
public final class RateLimitProblems {

  private RateLimitProblems() {
  }

  public static final ProblemType SESSION = new ProblemType("rate-limit-session", "Too many lookups in this card session", 429);
  public static final ProblemType OFFICER_DAILY = new ProblemType("quota-officer-daily", "The officer's daily lookup quota is used up", 429);
  public static final ProblemType AGENCY_MONTHLY = new ProblemType("quota-agency-monthly", "The agency's monthly lookup quota is used up", 429);
  public static final ProblemType OUTSIDE_HOURS = new ProblemType("outside-working-hours", "Outside the agency's permitted working hours", 403);
}
