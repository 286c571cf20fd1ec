package io.linkgate.cardedge.sim;

import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;

/** A simulated reader as javax.smartcardio code sees it; found by name on each call, like PC/SC. */
final class SimulatedCardTerminal extends CardTerminal {

  private final SimulatedTerminals terminals;
  private final String name;
  private final long contextEpoch;

  SimulatedCardTerminal(SimulatedTerminals terminals, String name, long contextEpoch) {
    this.terminals = terminals;
    this.name = name;
    this.contextEpoch = contextEpoch;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public Card connect(String protocol) throws CardException {
    if (!"*".equals(protocol) && !"T=0".equalsIgnoreCase(protocol) && !"T=1".equalsIgnoreCase(protocol)) {
      throw new IllegalArgumentException("Unsupported protocol " + protocol);
    }
    synchronized (terminals.lock) {
      terminals.checkService(contextEpoch, "connect()");
      SimulatedReader reader = reader("connect()");
      if (!reader.cardPresent()) {
        throw Pcsc.noCard("SCARD_E_NO_SMARTCARD");
      }
      if ("T=1".equalsIgnoreCase(protocol)) {
        throw Pcsc.failure("connect()", "SCARD_E_PROTO_MISMATCH");
      }
      SimulatedCard existing = reader.connection();
      if (existing != null && existing.usable(reader, contextEpoch)) {
        return existing;
      }
      SimulatedCard card = new SimulatedCard(terminals, reader, reader.insertion(), contextEpoch);
      reader.connection(card);
      return card;
    }
  }

  @Override
  public boolean isCardPresent() throws CardException {
    synchronized (terminals.lock) {
      terminals.checkService(contextEpoch, "isCardPresent()");
      return reader("isCardPresent()").cardPresent();
    }
  }

  @Override
  public boolean waitForCardPresent(long timeout) throws CardException {
    return waitForCard(true, timeout);
  }

  @Override
  public boolean waitForCardAbsent(long timeout) throws CardException {
    return waitForCard(false, timeout);
  }

  private boolean waitForCard(boolean wantPresent, long timeout) throws CardException {
    long deadline = SimulatedTerminals.deadline(timeout);
    synchronized (terminals.lock) {
      try {
        while (true) {
          terminals.checkService(contextEpoch, "waitForCard()");
          SimulatedReader reader = terminals.pluggedReader(name);
          if (reader == null && !wantPresent) {
            return true;
          }
          if (reader == null) {
            throw Pcsc.failure("waitForCard()", "SCARD_E_UNKNOWN_READER");
          }
          if (reader.cardPresent() == wantPresent) {
            return true;
          }
          if (!terminals.awaitChange(deadline)) {
            return false;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CardException("waitForCard() interrupted", e);
      }
    }
  }

  private SimulatedReader reader(String operation) throws CardException {
    SimulatedReader reader = terminals.pluggedReader(name);
    if (reader == null) {
      throw Pcsc.failure(operation, "SCARD_E_UNKNOWN_READER");
    }
    return reader;
  }

  @Override
  public String toString() {
    return "Simulated terminal " + name;
  }
}
