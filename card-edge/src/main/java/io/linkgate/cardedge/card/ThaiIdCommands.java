package io.linkgate.cardedge.card;

/** The command APDUs card-edge sends to a Thai national ID card. */
final class ThaiIdCommands {

  /** The Thai ID applet (personal data, PIN, INTERNAL AUTHENTICATE). */
  static final byte[] THAI_ID_AID = hex("A000000054480001");
  /** The card administration applet (CPLC, laser id). */
  static final byte[] ADM_AID = hex("A000000084060002");

  static final int PIN_LENGTH = PinFormat.LENGTH;
  /** ISO 7816-4 VERIFY's P2 for the card's specific PIN reference. */
  static final int PIN_REFERENCE = 0x81;

  private ThaiIdCommands() {
  }

  /** {@code 00 A4 04 00 Lc AID}: SELECT by AID. */
  static byte[] select(byte[] aid) {
    byte[] command = new byte[5 + aid.length];
    command[1] = (byte) 0xA4;
    command[2] = 0x04;
    command[4] = (byte) aid.length;
    System.arraycopy(aid, 0, command, 5, aid.length);
    return command;
  }

  /** {@code 80 B0 P1 P2 02 00 Le}: read {@code length} bytes at {@code offset} of the Thai ID data file. */
  static byte[] read(int offset, int length) {
    return new byte[] {(byte) 0x80, (byte) 0xB0, (byte) (offset >>> 8), (byte) offset, 0x02, 0x00, (byte) length};
  }

  /** {@code 80 CA 9F 7F 00}: GET DATA, GlobalPlatform CPLC. */
  static byte[] getCplc() {
    return new byte[] {(byte) 0x80, (byte) 0xCA, (byte) 0x9F, 0x7F, 0x00};
  }

  /** {@code 80 00 00 00 07}: the ADM applet's laser id command (answers {@code 61 xx}). */
  static byte[] laserId() {
    return new byte[] {(byte) 0x80, 0x00, 0x00, 0x00, 0x07};
  }

  /** {@code 00 20 00 81}: VERIFY without data, asks for the PIN status (tries left). */
  static byte[] pinStatus() {
    return new byte[] {0x00, 0x20, 0x00, (byte) PIN_REFERENCE};
  }

  /**
   * {@code 00 20 00 81 04 <4 ASCII digits>}. The caller wipes the returned array after transmitting it.
   *
   * @throws IllegalArgumentException when the PIN is not four ASCII digits (the message never holds it)
   */
  static byte[] verify(char[] pin) {
    if (!PinFormat.wellFormed(pin)) {
      throw new IllegalArgumentException(PinFormat.RULE);
    }
    byte[] command = new byte[5 + PIN_LENGTH];
    command[1] = 0x20;
    command[3] = (byte) PIN_REFERENCE;
    command[4] = PIN_LENGTH;
    for (int i = 0; i < PIN_LENGTH; i++) {
      command[5 + i] = (byte) pin[i];
    }
    return command;
  }

  /** {@code 00 88 00 00 Lc <challenge> 00}: INTERNAL AUTHENTICATE. */
  static byte[] internalAuthenticate(byte[] challenge) {
    if (challenge == null || challenge.length == 0 || challenge.length > 255) {
      throw new IllegalArgumentException("The challenge must be 1..255 bytes");
    }
    byte[] command = new byte[6 + challenge.length];
    command[1] = (byte) 0x88;
    command[4] = (byte) challenge.length;
    System.arraycopy(challenge, 0, command, 5, challenge.length);
    return command;
  }

  static byte[] hex(String hex) {
    return java.util.HexFormat.of().parseHex(hex);
  }
}
