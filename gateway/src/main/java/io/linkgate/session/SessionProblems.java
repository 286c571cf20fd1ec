package io.linkgate.session;

import io.linkgate.http.ProblemType;

/** Refusals of card sessions; the slugs are a stable contract with card-edge and agency systems. */
public final class SessionProblems {

  private SessionProblems() {
  }

  /**
   * What a refused login's 401 names as its challenge: a new login with the card (challenge, card's answer, device
   * signature in the body of {@code POST /v1/sessions}), not an {@code Authorization} header.
   */
  public static final String LOGIN_CHALLENGE = "CardLogin realm=\"LinkGate\"";

  public static final ProblemType CHALLENGE_INVALID = new ProblemType("challenge-invalid", "Unknown or altered challenge", 401, LOGIN_CHALLENGE);
  public static final ProblemType CHALLENGE_EXPIRED = new ProblemType("challenge-expired", "Challenge expired", 401, LOGIN_CHALLENGE);
  public static final ProblemType CHALLENGE_REUSED = new ProblemType("challenge-reused", "Challenge already used", 401, LOGIN_CHALLENGE);
  public static final ProblemType DEVICE_UNKNOWN = new ProblemType("device-unknown", "Unknown or revoked device", 401, LOGIN_CHALLENGE);
  public static final ProblemType DEVICE_SIGNATURE_INVALID = new ProblemType("device-signature-invalid", "Invalid device signature", 401, LOGIN_CHALLENGE);
  public static final ProblemType CARD_ANSWER_INVALID = new ProblemType("card-answer-invalid", "The card's answer is not valid", 401, LOGIN_CHALLENGE);
  public static final ProblemType CARD_EXPIRED = new ProblemType("card-expired", "The officer's card has expired", 403);
  public static final ProblemType OFFICER_NOT_REGISTERED = new ProblemType("officer-not-registered", "Officer not registered", 403);
  public static final ProblemType OFFICER_INACTIVE = new ProblemType("officer-inactive", "Officer deactivated", 403);
  public static final ProblemType OFFICER_NOT_ENTITLED = new ProblemType("officer-not-entitled", "Rank or role without Linkage right", 403);
  public static final ProblemType DEVICE_WRONG_AGENCY = new ProblemType("device-wrong-agency", "Device enrolled for another agency", 403);
  public static final ProblemType OFFICER_LOCKED = new ProblemType("officer-locked", "Officer locked after a blocked PIN", 423);
  public static final ProblemType CARD_PIN_BLOCKED = new ProblemType("card-pin-blocked", "The card's PIN is blocked", 423);
  public static final ProblemType LOGIN_THROTTLED = new ProblemType("login-throttled", "Too many refusals for this workstation", 429);
  public static final ProblemType CARD_AUTHORITY_UNAVAILABLE = new ProblemType("card-authority-unavailable", "Card verification unavailable", 503);

  public static final ProblemType SESSION_REQUIRED = new ProblemType("session-required", "Card session required", 401);
  public static final ProblemType SESSION_INVALID = new ProblemType("session-invalid", "Unknown card session", 401);
  public static final ProblemType SESSION_ENDED = new ProblemType("session-ended", "Card session ended", 401);
  public static final ProblemType SESSION_EXPIRED = new ProblemType("session-expired", "Card session expired", 401);
}
