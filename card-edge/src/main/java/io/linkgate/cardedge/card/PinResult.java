package io.linkgate.cardedge.card;

/** The card's verdict on a PIN: verified, wrong (with tries left), or blocked. */
public sealed interface PinResult {

  record Verified() implements PinResult {
  }

  record Wrong(int triesRemaining) implements PinResult {
  }

  record Blocked() implements PinResult {
  }
}
