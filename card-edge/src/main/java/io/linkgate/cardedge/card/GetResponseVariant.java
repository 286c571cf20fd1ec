package io.linkgate.cardedge.card;

/**
 * The GET RESPONSE command a Thai national ID card accepts after it answered {@code 61 xx}. Chips whose ATR
 * starts {@code 3B 67} want {@code 00 C0 00 01 Le}; the later chips ({@code 3B 68}, {@code 3B 78},
 * {@code 3B 79}) and any unknown card want {@code 00 C0 00 00 Le}.
 */
public enum GetResponseVariant {

  /** {@code 00 C0 00 01 Le}: the first-generation chip, ATR {@code 3B 67 ...}. */
  P2_01(0x01),

  /** {@code 00 C0 00 00 Le}: ISO 7816-4's plain GET RESPONSE, every other chip. */
  P2_00(0x00);

  private final int p2;

  GetResponseVariant(int p2) {
    this.p2 = p2;
  }

  /** The variant a card with this ATR wants. */
  public static GetResponseVariant forAtr(byte[] atr) {
    if (atr != null && atr.length >= 2 && atr[0] == (byte) 0x3B && atr[1] == (byte) 0x67) {
      return P2_01;
    }
    return P2_00;
  }

  public int p2() {
    return p2;
  }

  /** The GET RESPONSE command asking for {@code le} bytes (1..256; 256 is encoded as {@code 00}). */
  public byte[] command(int le) {
    if (le < 1 || le > 256) {
      throw new IllegalArgumentException("Le out of range: " + le);
    }
    return new byte[] {0x00, (byte) 0xC0, 0x00, (byte) p2, (byte) le};
  }
}
