package io.linkgate.cardedge.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * A javax.smartcardio card that replays a recorded conversation: each expected command (hex) gets its
 * recorded answer (hex), and any other command fails the test. Keeps the command buffers it was handed so a
 * test can check they were wiped.
 */
final class ScriptedCard extends Card {

  private record Step(String command, String answer, CardException failure) {
  }

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final byte[] atr;
  private final Deque<Step> steps = new ArrayDeque<>();
  private final List<byte[]> commandBuffers = new ArrayList<>();
  private boolean disconnected;
  private boolean reset;
  private int exclusiveDepth;

  ScriptedCard(String atrHex) {
    this.atr = HEX.parseHex(atrHex.replace(" ", ""));
  }

  ScriptedCard expect(String commandHex, String answerHex) {
    steps.add(new Step(commandHex.replace(" ", "").toUpperCase(), answerHex.replace(" ", ""), null));
    return this;
  }

  ScriptedCard expectFailure(String commandHex, CardException failure) {
    steps.add(new Step(commandHex.replace(" ", "").toUpperCase(), null, failure));
    return this;
  }

  void assertFinished() {
    assertTrue(steps.isEmpty(), "commands not sent: " + steps);
    assertEquals(0, exclusiveDepth, "exclusive access left open");
  }

  List<byte[]> commandBuffers() {
    return commandBuffers;
  }

  boolean disconnectedWithReset() {
    return disconnected && reset;
  }

  @Override
  public ATR getATR() {
    return new ATR(atr);
  }

  @Override
  public String getProtocol() {
    return "T=0";
  }

  @Override
  public CardChannel getBasicChannel() {
    return channel;
  }

  @Override
  public CardChannel openLogicalChannel() throws CardException {
    throw new CardException("not scripted");
  }

  @Override
  public void beginExclusive() {
    exclusiveDepth++;
  }

  @Override
  public void endExclusive() {
    exclusiveDepth--;
  }

  @Override
  public byte[] transmitControlCommand(int controlCode, byte[] command) throws CardException {
    throw new CardException("not scripted");
  }

  @Override
  public void disconnect(boolean withReset) {
    disconnected = true;
    reset = withReset;
  }

  private byte[] answer(byte[] command) throws CardException {
    Step step = steps.poll();
    String sent = HEX.formatHex(command);
    if (step == null) {
      throw new AssertionError("unexpected command " + sent);
    }
    assertEquals(step.command(), sent, "command sent to the card");
    if (step.failure() != null) {
      throw step.failure();
    }
    return HEX.parseHex(step.answer());
  }

  private final CardChannel channel = new CardChannel() {
    @Override
    public Card getCard() {
      return ScriptedCard.this;
    }

    @Override
    public int getChannelNumber() {
      return 0;
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU command) throws CardException {
      return new ResponseAPDU(answer(command.getBytes()));
    }

    @Override
    public int transmit(ByteBuffer command, ByteBuffer response) throws CardException {
      if (command.hasArray()) {
        commandBuffers.add(command.array());
      }
      byte[] bytes = new byte[command.remaining()];
      command.get(bytes);
      byte[] answer = answer(bytes);
      response.put(answer);
      return answer.length;
    }

    @Override
    public void close() {
      throw new IllegalStateException("basic channel");
    }
  };
}
