package io.linkgate.cardedge.card;

import javax.smartcardio.CardException;

/**
 * Sends one command APDU and returns the card's raw answer (response data followed by SW1 SW2), nothing more:
 * no GET RESPONSE chaining, no interpretation. {@link ApduExchange} builds the ISO 7816 conventions on top.
 *
 * <p>Implementations must not keep or log the command: it may carry a PIN.
 */
@FunctionalInterface
public interface ApduTransport {

  byte[] transmit(byte[] command) throws CardException;
}
