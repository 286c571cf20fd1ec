package io.linkgate.cardedge.sim;

import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;

/**
 * A connection to a simulated card, with the JDK provider's life cycle: once the card has been pulled out, the
 * next command fails with {@code CardException} (cause {@code SCARD_W_REMOVED_CARD}) and every later call with
 * {@code IllegalStateException("Card has been removed")}; after {@link #disconnect} calls fail with
 * {@code IllegalStateException("Card has been disconnected")}. Exclusive access is per thread.
 */
final class SimulatedCard extends Card {

  private enum State { OK, REMOVED, DISCONNECTED }

  private final SimulatedTerminals terminals;
  private final SimulatedReader reader;
  private final long insertion;
  private final long contextEpoch;
  private final byte[] atr;
  private final SimulatedChannel basicChannel;
  private volatile State state = State.OK;
  private Thread exclusiveThread;

  SimulatedCard(SimulatedTerminals terminals, SimulatedReader reader, long insertion, long contextEpoch) {
    this.terminals = terminals;
    this.reader = reader;
    this.insertion = insertion;
    this.contextEpoch = contextEpoch;
    this.atr = reader.cardOf(insertion).atr();
    this.basicChannel = new SimulatedChannel(this, terminals.automaticGetResponse());
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
    checkState();
    return basicChannel;
  }

  @Override
  public CardChannel openLogicalChannel() throws CardException {
    checkState();
    throw new CardException("Logical channels are not supported by the simulated card");
  }

  @Override
  public void beginExclusive() throws CardException {
    synchronized (terminals.lock) {
      checkState();
      checkConnected("beginExclusive()");
      if (exclusiveThread != null) {
        throw new CardException("Exclusive access has already been assigned to Thread " + exclusiveThread.getName());
      }
      exclusiveThread = Thread.currentThread();
    }
  }

  @Override
  public void endExclusive() throws CardException {
    synchronized (terminals.lock) {
      checkState();
      if (exclusiveThread != Thread.currentThread()) {
        throw new IllegalStateException("Exclusive access not assigned to current Thread");
      }
      exclusiveThread = null;
    }
  }

  @Override
  public byte[] transmitControlCommand(int controlCode, byte[] command) throws CardException {
    checkState();
    throw new CardException("Control commands are not supported by the simulated reader");
  }

  @Override
  public void disconnect(boolean reset) throws CardException {
    synchronized (terminals.lock) {
      if (state != State.OK) {
        return;
      }
      SimulatedThaiIdCard card = reader.cardOf(insertion);
      if (reset && card != null) {
        card.reset();
      }
      state = State.DISCONNECTED;
      exclusiveThread = null;
      if (reader.connection() == this) {
        reader.connection(null);
      }
    }
  }

  /** One raw command to the card, as SCardTransmit. */
  byte[] transmit(byte[] command) throws CardException {
    synchronized (terminals.lock) {
      checkState();
      if (exclusiveThread != null && exclusiveThread != Thread.currentThread()) {
        throw new CardException("Exclusive access established by another Thread");
      }
      checkConnected("transmit()");
      byte[] answer = reader.cardOf(insertion).process(command);
      reader.commandAnswered();
      return answer;
    }
  }

  boolean usable(SimulatedReader current, long epoch) {
    return state == State.OK && current == reader && epoch == contextEpoch && reader.cardOf(insertion) != null;
  }

  private void checkConnected(String operation) throws CardException {
    terminals.checkService(contextEpoch, operation);
    if (reader.cardOf(insertion) == null) {
      state = State.REMOVED;
      exclusiveThread = null;
      throw Pcsc.failure(operation, "SCARD_W_REMOVED_CARD");
    }
  }

  private void checkState() {
    State s = state;
    if (s == State.DISCONNECTED) {
      throw new IllegalStateException("Card has been disconnected");
    }
    if (s == State.REMOVED) {
      throw new IllegalStateException("Card has been removed");
    }
  }

  @Override
  public String toString() {
    return "Simulated card in " + reader.name() + ", protocol T=0, state " + state;
  }
}
