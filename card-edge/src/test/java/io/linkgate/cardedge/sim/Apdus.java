package io.linkgate.cardedge.sim;

import java.util.HexFormat;

/** Hex helpers for raw APDU tests. */
final class Apdus {

  static final HexFormat HEX = HexFormat.of().withUpperCase();
  static final String SELECT_THAI_ID = "00A4040008A000000054480001";
  static final String SELECT_ADM = "00A4040008A000000084060002";

  private Apdus() {
  }

  static byte[] bytes(String hex) {
    return HEX.parseHex(hex.replace(" ", ""));
  }

  /** Sends {@code hex} and returns the answer in hex. */
  static String send(SimulatedThaiIdCard card, String hex) {
    return HEX.formatHex(card.process(bytes(hex)));
  }

  static String pin(String digits) {
    return "0020008104" + HEX.formatHex(digits.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
