package io.linkgate.cardedge.card;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.smartcardio.CardException;

/**
 * Sends a command and collects the whole answer the ISO 7816-3/-4 way (T=0 conventions):
 *
 * <ul>
 *   <li>{@code 61 xx}: more data is waiting; we issue GET RESPONSE with the class and P2 this card wants
 *       ({@link GetResponseVariant}) and Le {@code xx}, repeatedly, concatenating the data;</li>
 *   <li>{@code 6C xx}: wrong Le; we resend the same command with Le {@code xx}. Only for commands without a
 *       data field (GET RESPONSE, GET DATA, status VERIFY), so a PIN-carrying command is never copied or
 *       re-sent;</li>
 *   <li>anything else ends the exchange. When the JDK provider already answered {@code 61 xx} itself
 *       ({@code sun.security.smartcardio.t0GetResponse=true}), the data arrives directly with {@code 90 00}
 *       and passes through unchanged.</li>
 * </ul>
 */
final class ApduExchange {

  /** A chain longer than this is a misbehaving card, not a long answer (64 KB at 256 bytes a round). */
  static final int MAX_ROUNDS = 256;

  private final ApduTransport transport;
  private final GetResponseVariant variant;

  ApduExchange(ApduTransport transport, GetResponseVariant variant) {
    this.transport = transport;
    this.variant = variant;
  }

  GetResponseVariant variant() {
    return variant;
  }

  CardResponse exchange(byte[] command) throws CardException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    byte[] current = command;
    boolean leCorrected = false;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      byte[] raw = transport.transmit(current);
      if (raw.length < 2) {
        throw new CardException("The card answered without a status word");
      }
      int sw1 = raw[raw.length - 2] & 0xFF;
      int sw2 = raw[raw.length - 1] & 0xFF;
      data.write(raw, 0, raw.length - 2);
      if (sw1 == 0x61) {
        current = variant.command(sw2 == 0 ? 256 : sw2);
        leCorrected = false;
      } else if (sw1 == 0x6C && raw.length == 2 && !leCorrected && hasNoDataField(current)) {
        current = withLe(current, sw2);
        leCorrected = true;
      } else {
        return new CardResponse(data.toByteArray(), (sw1 << 8) | sw2);
      }
    }
    throw new CardException("The card kept answering 61xx/6Cxx beyond " + MAX_ROUNDS + " rounds");
  }

  /** Case 1 ({@code CLA INS P1 P2}) or case 2 ({@code CLA INS P1 P2 Le}) short command. */
  static boolean hasNoDataField(byte[] command) {
    return command.length == 4 || command.length == 5;
  }

  static byte[] withLe(byte[] command, int le) {
    byte[] resent = Arrays.copyOf(command, 5);
    resent[4] = (byte) le;
    return resent;
  }
}
