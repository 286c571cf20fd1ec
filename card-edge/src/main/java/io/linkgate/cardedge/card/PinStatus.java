package io.linkgate.cardedge.card;

/** Reads the card's VERIFY status words (ISO 7816-4). */
final class PinStatus {

  private PinStatus() {
  }

  /** ISO 7816-4 {@code 63 00}: verification failed, no further information (no count of the tries left). */
  static final int SW_VERIFY_FAILED = 0x6300;

  /**
   * {@code 90 00} verified; {@code 63 Cx} wrong, x tries left (x = 0: that wrong PIN used the last try, the card is
   * blocked now); {@code 69 83} (authentication method blocked) or {@code 69 84} (reference data not usable: a PIN the
   * card has invalidated) blocked before this PIN was tried. {@code 63 00} (wrong, no count) is for the caller, which
   * asks the card for the count ({@link #triesRemaining}).
   */
  static PinResult verifyResult(int sw) throws CardAccessException {
    if (sw == 0x9000) {
      return new PinResult.Verified();
    }
    if ((sw & 0xFFF0) == 0x63C0) {
      return new PinResult.Wrong(sw & 0x0F);
    }
    if (blocked(sw)) {
      return new PinResult.Blocked();
    }
    throw CardErrors.unexpected("VERIFY", sw);
  }

  /**
   * VERIFY without data: {@code 63 Cx} x tries left; {@code 90 00} already verified in this session (the counter
   * is then full); {@code 69 83} or {@code 69 84} blocked.
   */
  static int triesRemaining(int sw) throws CardAccessException {
    if ((sw & 0xFFF0) == 0x63C0) {
      return sw & 0x0F;
    }
    if (sw == 0x9000) {
      return ThaiIdCard.PIN_TRY_LIMIT;
    }
    if (blocked(sw)) {
      return 0;
    }
    throw CardErrors.unexpected("VERIFY (status)", sw);
  }

  /** ISO 7816-4: {@code 69 83} authentication method blocked, {@code 69 84} reference data not usable. */
  private static boolean blocked(int sw) {
    return sw == 0x6983 || sw == 0x6984;
  }
}
