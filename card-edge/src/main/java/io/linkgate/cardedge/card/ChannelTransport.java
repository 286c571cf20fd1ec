package io.linkgate.cardedge.card;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;

/**
 * {@link ApduTransport} over a javax.smartcardio {@link CardChannel}, through the {@code ByteBuffer} form of
 * {@code transmit} (no {@code CommandAPDU} object holding the command as well); the response buffer is wiped after
 * each exchange, and the caller wipes its command. The JDK's provider still copies a command into an array of its
 * own before handing it to PC/SC and does not wipe it: a VERIFY command's PIN stays in that garbage until the heap
 * reuses it. No javax.smartcardio call avoids that copy.
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
