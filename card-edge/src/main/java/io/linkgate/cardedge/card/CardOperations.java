package io.linkgate.cardedge.card;

/**
 * What card-edge needs from an officer's national ID card. {@link ThaiIdCard} implements it with ISO 7816
 * APDUs over javax.smartcardio (the simulated card and real PC/SC readers alike); a production build can
 * put the agency's DOPA card library behind the same interface.
 *
 * <p>Implementations never log card data, the PIN or APDU payloads.
 */
public interface CardOperations extends AutoCloseable {

  /** The card's public data: citizen ID, names, dates, address, photo, chip id and laser id. */
  CardData read() throws CardAccessException;

  /**
   * Has the card verify the PIN; the card keeps the try counter (three wrong PINs block it). The caller
   * wipes {@code pin} afterwards.
   */
  PinResult verifyPin(char[] pin) throws CardAccessException;

  /** Tries left before the PIN blocks, as the card reports it (without using a try). */
  int pinTriesRemaining() throws CardAccessException;

  /**
   * The card's answer to a challenge (INTERNAL AUTHENTICATE). Requires a successful {@link #verifyPin} in
   * this card session; otherwise fails with {@link CardAccessException.Reason#PIN_REQUIRED}.
   */
  byte[] authenticate(byte[] challenge) throws CardAccessException;

  @Override
  void close();
}
