package io.linkgate.cardedge.sim;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * The basic channel of a simulated card, transmitting as the JDK provider does over T=0: a case-4 command goes
 * out without its Le, extended lengths are refused, and — only when asked to, like the JDK's default — an
 * answer {@code 61 xx} is followed by GET RESPONSE in the command's own class and {@code 6C xx} by a resend.
 */
final class SimulatedChannel extends CardChannel {

  private static final int MAX_ROUNDS = 32;

  private final SimulatedCard card;
  private final boolean automaticGetResponse;

  SimulatedChannel(SimulatedCard card, boolean automaticGetResponse) {
    this.card = card;
    this.automaticGetResponse = automaticGetResponse;
  }

  @Override
  public Card getCard() {
    return card;
  }

  @Override
  public int getChannelNumber() {
    card.getBasicChannel();
    return 0;
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws CardException {
    byte[] bytes = command.getBytes();
    try {
      return new ResponseAPDU(exchange(bytes));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  @Override
  public int transmit(ByteBuffer command, ByteBuffer response) throws CardException {
    if (command == response) {
      throw new IllegalArgumentException("command and response must not be the same object");
    }
    if (response.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
    if (response.remaining() < 258) {
      throw new IllegalArgumentException("Insufficient space in response buffer");
    }
    byte[] bytes = new byte[command.remaining()];
    command.get(bytes);
    try {
      byte[] answer = exchange(bytes);
      if (response.remaining() < answer.length) {
        throw new CardException("Response did not fit in the buffer");
      }
      response.put(answer);
      return answer.length;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  @Override
  public void close() throws CardException {
    throw new IllegalStateException("Cannot close basic logical channel");
  }

  private byte[] exchange(byte[] apdu) throws CardException {
    int n = apdu.length;
    if (n >= 7 && apdu[4] == 0) {
      throw new CardException("Extended length forms not supported for T=0");
    }
    if (n >= 7 && n == (apdu[4] & 0xFF) + 6) {
      n--;
    }
    byte[] command = Arrays.copyOf(apdu, n);
    try {
      if (!automaticGetResponse) {
        return card.transmit(command);
      }
      return withAutomaticGetResponse(command);
    } finally {
      Arrays.fill(command, (byte) 0);
    }
  }

  private byte[] withAutomaticGetResponse(byte[] first) throws CardException {
    byte[] command = first;
    byte[] result = new byte[0];
    for (int round = 0; round < MAX_ROUNDS; round++) {
      byte[] answer = card.transmit(command);
      int rn = answer.length;
      if (rn == 2 && answer[0] == 0x6C) {
        command = Arrays.copyOf(command, command.length);
        command[command.length - 1] = answer[1];
        continue;
      }
      if (rn >= 2 && answer[rn - 2] == 0x61) {
        result = concat(result, answer, rn - 2);
        command = new byte[] {command[0], (byte) 0xC0, 0x00, 0x00, answer[rn - 1]};
        continue;
      }
      return concat(result, answer, rn);
    }
    throw new CardException("Number of response iterations exceeded maximum " + MAX_ROUNDS);
  }

  private static byte[] concat(byte[] head, byte[] tail, int tailLength) {
    byte[] joined = Arrays.copyOf(head, head.length + tailLength);
    System.arraycopy(tail, 0, joined, head.length, tailLength);
    return joined;
  }
}
