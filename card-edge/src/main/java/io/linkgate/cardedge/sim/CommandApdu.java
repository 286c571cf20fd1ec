package io.linkgate.cardedge.sim;

import java.util.Arrays;

/**
 * A short command APDU as a card parses it (ISO 7816-3 cases 1–4). Over T=0 the JDK drops a case-4 command's
 * Le, so a card must take a case-4 command in its case-3 form too.
 */
record CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int le, boolean hasLe) {

  /** The parsed command, or {@code null} when the bytes are not a well-formed short APDU. */
  static CommandApdu parse(byte[] apdu) {
    if (apdu.length < 4) {
      return null;
    }
    int cla = apdu[0] & 0xFF;
    int ins = apdu[1] & 0xFF;
    int p1 = apdu[2] & 0xFF;
    int p2 = apdu[3] & 0xFF;
    if (apdu.length == 4) {
      return new CommandApdu(cla, ins, p1, p2, new byte[0], 0, false);
    }
    int p3 = apdu[4] & 0xFF;
    if (apdu.length == 5) {
      return new CommandApdu(cla, ins, p1, p2, new byte[0], p3 == 0 ? 256 : p3, true);
    }
    if (p3 == 0) {
      return null;
    }
    byte[] data = Arrays.copyOfRange(apdu, 5, Math.min(apdu.length, 5 + p3));
    if (apdu.length == 5 + p3) {
      return new CommandApdu(cla, ins, p1, p2, data, 0, false);
    }
    if (apdu.length == 6 + p3) {
      int le = apdu[apdu.length - 1] & 0xFF;
      return new CommandApdu(cla, ins, p1, p2, data, le == 0 ? 256 : le, true);
    }
    return null;
  }

  int p1p2() {
    return (p1 << 8) | p2;
  }

  void wipe() {
    Arrays.fill(data, (byte) 0);
  }

  @Override
  public String toString() {
    return String.format("CommandApdu[%02X %02X %02X %02X, %d data bytes]", cla, ins, p1, p2, data.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CommandApdu c && cla == c.cla && ins == c.ins && p1 == c.p1 && p2 == c.p2
        && Arrays.equals(data, c.data) && le == c.le && hasLe == c.hasLe;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data) * 31 + ((cla << 24) | (ins << 16) | (p1 << 8) | p2);
  }
}
