package io.linkgate.cardedge.card;

import java.util.Set;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;

/**
 * Turns javax.smartcardio failures into {@link CardAccessException}s. The JDK provider reports PC/SC errors as
 * a {@code CardException} whose cause ({@code sun.security.smartcardio.PCSCException}) carries the PC/SC code
 * name as its message, and as {@code IllegalStateException("Card has been removed")} once it has seen the card
 * go; both are recognised here. Messages never carry card data.
 */
final class CardErrors {

  /** PC/SC codes meaning the card (or its reader) is gone. */
  private static final Set<String> REMOVAL_CODES = Set.of(
      "SCARD_W_REMOVED_CARD", "SCARD_E_NO_SMARTCARD", "SCARD_W_UNPOWERED_CARD", "SCARD_E_READER_UNAVAILABLE",
      "SCARD_E_UNKNOWN_READER", "SCARD_W_UNRESPONSIVE_CARD");

  private CardErrors() {
  }

  static CardAccessException fromCardException(CardException e) {
    if (isRemoval(e)) {
      return new CardAccessException(CardAccessException.Reason.CARD_REMOVED, "The card was removed", e);
    }
    return new CardAccessException(CardAccessException.Reason.COMMUNICATION,
        "Communication with the card failed", e);
  }

  static CardAccessException fromIllegalState(IllegalStateException e) {
    return new CardAccessException(CardAccessException.Reason.CARD_REMOVED,
        "The card was removed or its connection closed", e);
  }

  static boolean isRemoval(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CardNotPresentException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && REMOVAL_CODES.stream().anyMatch(message::contains)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  static CardAccessException unexpected(String operation, int sw) {
    return new CardAccessException(CardAccessException.Reason.COMMUNICATION,
        operation + " failed: the card answered " + String.format("%04X", sw));
  }
}
