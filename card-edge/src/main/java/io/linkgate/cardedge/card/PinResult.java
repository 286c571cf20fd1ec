package io.linkgate.cardedge.card;

/** The card's verdict on a PIN: verified, wrong (with tries left), or blocked. */
public sealed interface PinResult {

  record Verified() implements PinResult {
  }

  /** The PIN was wrong; {@code triesRemaining} 0: it used the last try, and the card is blocked now. */
  record Wrong(int triesRemaining) implements PinResult {
  }

  /** The card refused the PIN without trying it: blocked before. */
  record Blocked() implements PinResult {
  }
}
