package io.linkgate.report;

import io.linkgate.registry.Role;

/**
 * The sign-off steps of the design brief's DOMAIN.md: the agency's reporting USER submits, the CONTROLLING_SUPERVISOR verifies
 * (due the 3rd), the HEAD_OF_AGENCY reviews and then sends the report to the Supervisor (due the 5th) or,
 * when an anomaly is confirmed, escalates it to ICT with a reason.
 */
public enum Step {
  SUBMIT("submit", "DRAFT", "SUBMITTED", Role.USER),
  VERIFY("verify", "SUBMITTED", "VERIFIED", Role.CONTROLLING_SUPERVISOR),
  REVIEW("review", "VERIFIED", "REVIEWED", Role.HEAD_OF_AGENCY),
  SEND("send", "REVIEWED", "SENT_TO_SUPERVISOR", Role.HEAD_OF_AGENCY),
  ESCALATE("escalate", "REVIEWED", "ESCALATED_TO_ICT", Role.HEAD_OF_AGENCY);

  private final String action;
  private final String from;
  private final String to;
  private final Role role;

  Step(String action, String from, String to, Role role) {
    this.action = action;
    this.from = from;
    this.to = to;
    this.role = role;
  }

  public String action() {
    return action;
  }

  public String from() {
    return from;
  }

  public String to() {
    return to;
  }

  public Role role() {
    return role;
  }

  public static Step byAction(String action) {
    for (Step s : values()) {
      if (s.action.equals(action)) {
        return s;
      }
    }
    return null;
  }

  /** Final states: the report has left the agency. */
  public static boolean isFinal(String state) {
    return "SENT_TO_SUPERVISOR".equals(state) || "ESCALATED_TO_ICT".equals(state);
  }
}
