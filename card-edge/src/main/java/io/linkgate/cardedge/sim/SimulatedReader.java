package io.linkgate.cardedge.sim;

import java.util.Objects;

/**
 * A reader of {@link SimulatedTerminals}, as the hand of the test or demo sees it: insert and pull out a card,
 * unplug the reader. Obtained from {@link SimulatedTerminals#addReader}.
 */
public final class SimulatedReader {

  private final SimulatedTerminals terminals;
  private final String name;

  // all guarded by terminals.lock
  private boolean plugged = true;
  private SimulatedThaiIdCard card;
  private long insertion;
  private long events;
  private int removeAfter = -1;
  private SimulatedCard connection;

  SimulatedReader(SimulatedTerminals terminals, String name) {
    this.terminals = terminals;
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Inserts a card: it powers up (cold reset) and the reader reports it present. */
  public void insert(SimulatedThaiIdCard newCard) {
    Objects.requireNonNull(newCard, "card");
    synchronized (terminals.lock) {
      if (!plugged) {
        throw new IllegalStateException("Reader unplugged: " + name);
      }
      if (card != null) {
        throw new IllegalStateException("A card is already in reader " + name);
      }
      newCard.reset();
      card = newCard;
      insertion++;
      events++;
      removeAfter = -1;
      terminals.lock.notifyAll();
    }
  }

  /** Pulls the card out (nothing happens when there is none). Connections to it fail from now on. */
  public void remove() {
    synchronized (terminals.lock) {
      takeCardOut();
    }
  }

  /**
   * Pulls the card out right after it has answered {@code commands} more command APDUs: a removal in the middle
   * of a read, deterministically.
   */
  public void removeCardAfter(int commands) {
    if (commands < 0) {
      throw new IllegalArgumentException("commands must not be negative");
    }
    synchronized (terminals.lock) {
      if (commands == 0) {
        takeCardOut();
      } else {
        removeAfter = commands;
      }
    }
  }

  /** Unplugs the reader (with its card, if any). Plug a reader with the same name back with addReader. */
  public void unplug() {
    terminals.unplug(this);
  }

  public boolean hasCard() {
    synchronized (terminals.lock) {
      return card != null;
    }
  }

  public boolean plugged() {
    synchronized (terminals.lock) {
      return plugged;
    }
  }

  // ---- under terminals.lock ----

  void markUnplugged() {
    takeCardOut();
    plugged = false;
  }

  boolean cardPresent() {
    return card != null;
  }

  long events() {
    return events;
  }

  long insertion() {
    return insertion;
  }

  SimulatedCard connection() {
    return connection;
  }

  void connection(SimulatedCard value) {
    connection = value;
  }

  /** The card inserted as {@code expectedInsertion}, or null when that card is gone. */
  SimulatedThaiIdCard cardOf(long expectedInsertion) {
    return plugged && card != null && insertion == expectedInsertion ? card : null;
  }

  void commandAnswered() {
    if (removeAfter > 0 && --removeAfter == 0) {
      takeCardOut();
    }
  }

  private void takeCardOut() {
    if (card != null) {
      card = null;
      events++;
      connection = null;
      removeAfter = -1;
      terminals.lock.notifyAll();
    }
  }

  @Override
  public String toString() {
    return "SimulatedReader[" + name + "]";
  }
}
