package io.linkgate.cardedge.card;

/** Why the card could not be used. Messages are for the officer and never contain card data. */
public final class CardAccessException extends Exception {

  public enum Reason {
    NO_READER,
    NO_CARD,
    CARD_REMOVED,
    NOT_A_THAI_ID_CARD,
    PIN_REQUIRED,
    PIN_BLOCKED,
    COMMUNICATION
  }

  private final Reason reason;

  public CardAccessException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public CardAccessException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
