package io.linkgate.cardedge.sim;

import io.linkgate.cardedge.localapi.SimulatedCardControl;
import java.util.Objects;

/**
 * A simulated reader and the card that goes in it, as the local API's {@link SimulatedCardControl}: the demo's
 * "pull the card out" and "put it back" buttons. {@link #insert(SimulatedThaiIdCard)} swaps in another card
 * (another officer signing in at the same workstation).
 */
public final class SimulatedCardSlot implements SimulatedCardControl {

  private final SimulatedReader reader;
  private SimulatedThaiIdCard card;

  public SimulatedCardSlot(SimulatedReader reader, SimulatedThaiIdCard card) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.card = Objects.requireNonNull(card, "card");
  }

  @Override
  public boolean cardPresent() {
    return reader.hasCard();
  }

  @Override
  public synchronized boolean insert() {
    if (reader.hasCard()) {
      return false;
    }
    reader.insert(card);
    return true;
  }

  /** Inserts {@code other} from now on (the slot must be empty). */
  public synchronized void insert(SimulatedThaiIdCard other) {
    card = Objects.requireNonNull(other, "card");
    reader.insert(other);
  }

  @Override
  public synchronized boolean remove() {
    boolean had = reader.hasCard();
    reader.remove();
    return had;
  }
}
