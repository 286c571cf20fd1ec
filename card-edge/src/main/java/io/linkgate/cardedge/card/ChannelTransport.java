package io.linkgate.cardedge.card;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;

/**
 * {@link ApduTransport} over a javax.smartcardio {@link CardChannel}. It uses the {@code ByteBuffer} form of
 * {@code transmit} rather than {@code CommandAPDU}, which would keep its own copy of a PIN-carrying command
 * that nobody could wipe; the response buffer is wiped after each exchange.
 */
final class ChannelTransport implements ApduTransport {

  /**
   * Short APDUs answer at most 256 data bytes + SW (the JDK provider insists on at least 258 free bytes); the
   * rest is room for an answer the provider chained itself when its automatic GET RESPONSE is on.
   */
  private static final int RESPONSE_CAPACITY = 4096;

  private final CardChannel channel;

  ChannelTransport(CardChannel channel) {
    this.channel = channel;
  }

  @Override
  public byte[] transmit(byte[] command) throws CardException {
    ByteBuffer response = ByteBuffer.allocate(RESPONSE_CAPACITY);
    try {
      int length = channel.transmit(ByteBuffer.wrap(command), response);
      return Arrays.copyOf(response.array(), length);
    } finally {
      Arrays.fill(response.array(), (byte) 0);
    }
  }
}
