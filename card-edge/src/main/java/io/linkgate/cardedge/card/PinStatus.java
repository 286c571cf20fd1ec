package io.linkgate.cardedge.card;

/** Reads the card's VERIFY status words (ISO 7816-4). */
final class PinStatus {

  private PinStatus() {
  }

  /** {@code 90 00} verified; {@code 63 Cx} wrong, x tries left (x = 0: blocked now); {@code 69 83} blocked. */
  static PinResult verifyResult(int sw) throws CardAccessException {
    if (sw == 0x9000) {
      return new PinResult.Verified();
    }
    if ((sw & 0xFFF0) == 0x63C0) {
      int left = sw & 0x0F;
      return left == 0 ? new PinResult.Blocked() : new PinResult.Wrong(left);
    }
    if (sw == 0x6983) {
      return new PinResult.Blocked();
    }
    throw CardErrors.unexpected("VERIFY", sw);
  }

  /**
   * VERIFY without data: {@code 63 Cx} x tries left; {@code 90 00} already verified in this session (the counter
   * is then full); {@code 69 83} blocked.
   */
  static int triesRemaining(int sw) throws CardAccessException {
    if ((sw & 0xFFF0) == 0x63C0) {
      return sw & 0x0F;
    }
    if (sw == 0x9000) {
      return ThaiIdCard.PIN_TRY_LIMIT;
    }
    if (sw == 0x6983) {
      return 0;
    }
    throw CardErrors.unexpected("VERIFY (status)", sw);
  }
}
