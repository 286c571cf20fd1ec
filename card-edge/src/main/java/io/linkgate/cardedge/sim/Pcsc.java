package io.linkgate.cardedge.sim;

import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;

/**
 * PC/SC-shaped failures: the JDK provider throws {@code CardException("<operation> failed", PCSCException)}
 * where the cause's message is the PC/SC code name; the simulation does the same with a plain cause.
 */
final class Pcsc {

  private Pcsc() {
  }

  static CardException failure(String operation, String code) {
    return new CardException(operation + " failed", new CardException(code));
  }

  static CardNotPresentException noCard(String code) {
    return new CardNotPresentException("No card present", new CardException(code));
  }
}
