package io.linkgate.cardedge.card;

/**
 * What a PIN must look like before it goes to the card: the four digits an officer chose at the district office.
 * Checked before anything is sent, so a mistyped PIN costs no try and never reaches the card or the gateway.
 */
public final class PinFormat {

  public static final int LENGTH = 4;

  /**
   * What the officer is told when the PIN typed is not four digits. The console does not echo the PIN, so a
   * keyboard switched to Thai (whose number row types letters) is the likely cause and is named.
   */
  public static final String RULE = "The PIN is the card's " + LENGTH + " digits (0-9); nothing was sent to the card."
      + " If the keyboard is set to Thai, switch it to English or use the number pad, then type the PIN again.";

  private PinFormat() {
  }

  /** Whether {@code pin} is exactly four ASCII digits. Never keeps or copies it. */
  public static boolean wellFormed(char[] pin) {
    if (pin == null || pin.length != LENGTH) {
      return false;
    }
    for (char c : pin) {
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
