package io.linkgate.cardedge.login;

/** Why a card login did not open a session, with what the officer should know. */
public final class LoginFailure extends Exception {

  public enum Kind { WRONG_PIN, PIN_BLOCKED }

  private final Kind kind;
  private final int triesRemaining;

  public LoginFailure(Kind kind, int triesRemaining, String message) {
    super(message);
    this.kind = kind;
    this.triesRemaining = triesRemaining;
  }

  public Kind kind() {
    return kind;
  }

  public int triesRemaining() {
    return triesRemaining;
  }
}
