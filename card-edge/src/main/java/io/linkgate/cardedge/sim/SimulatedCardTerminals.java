package io.linkgate.cardedge.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;

/**
 * The reader list of one simulated PC/SC context, with the JDK provider's {@code waitForChange} semantics: the
 * first call takes a snapshot; later calls return true as soon as a listed reader's card state differs from the
 * previous call's snapshot or the reader disappears, false on timeout. CARD_INSERTION/CARD_REMOVAL compare the
 * last two snapshots (before any {@code waitForChange} they mean CARD_PRESENT/CARD_ABSENT).
 */
final class SimulatedCardTerminals extends CardTerminals {

  private record ReaderState(boolean previous, boolean current, long events) {
  }

  private final SimulatedTerminals terminals;
  private final long contextEpoch;
  private final Map<String, SimulatedCardTerminal> terminalsByName = new HashMap<>();
  private Map<String, ReaderState> stateMap;

  SimulatedCardTerminals(SimulatedTerminals terminals, long contextEpoch) {
    this.terminals = terminals;
    this.contextEpoch = contextEpoch;
  }

  @Override
  public List<CardTerminal> list(State state) throws CardException {
    Objects.requireNonNull(state, "state");
    synchronized (terminals.lock) {
      terminals.checkService(contextEpoch, "list()");
      State effective = state;
      if (stateMap == null) {
        effective = state == State.CARD_INSERTION ? State.CARD_PRESENT
            : state == State.CARD_REMOVAL ? State.CARD_ABSENT : state;
      }
      List<CardTerminal> list = new ArrayList<>();
      for (String name : terminals.pluggedReaderNames("list()")) {
        boolean present = terminals.pluggedReader(name).cardPresent();
        ReaderState known = stateMap == null ? null : stateMap.get(name);
        boolean include = switch (effective) {
          case ALL -> true;
          case CARD_PRESENT -> present;
          case CARD_ABSENT -> !present;
          case CARD_INSERTION -> known != null && !known.previous() && known.current();
          case CARD_REMOVAL -> known != null && known.previous() && !known.current();
        };
        if (include) {
          list.add(terminal(name));
        }
      }
      return Collections.unmodifiableList(list);
    }
  }

  @Override
  public boolean waitForChange(long timeout) throws CardException {
    long deadline = SimulatedTerminals.deadline(timeout);
    synchronized (terminals.lock) {
      terminals.checkService(contextEpoch, "waitForChange()");
      if (stateMap == null) {
        stateMap = new HashMap<>();
        snapshot(terminals.pluggedReaderNames("waitForChange()"));
      }
      List<String> names = terminals.pluggedReaderNames("waitForChange()");
      if (names.isEmpty()) {
        throw new IllegalStateException("No terminals available");
      }
      try {
        while (true) {
          terminals.checkService(contextEpoch, "waitForChange()");
          if (changed(names)) {
            snapshot(names);
            return true;
          }
          if (!terminals.awaitChange(deadline)) {
            return false;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CardException("waitForChange() interrupted", e);
      }
    }
  }

  private boolean changed(List<String> names) {
    for (String name : names) {
      SimulatedReader reader = terminals.pluggedReader(name);
      ReaderState known = stateMap.get(name);
      if (reader == null || known == null || reader.events() != known.events()) {
        return true;
      }
    }
    return false;
  }

  private void snapshot(List<String> names) {
    Map<String, ReaderState> next = new HashMap<>();
    for (String name : names) {
      SimulatedReader reader = terminals.pluggedReader(name);
      if (reader != null) {
        ReaderState known = stateMap.get(name);
        boolean previous = known != null && known.current();
        next.put(name, new ReaderState(previous, reader.cardPresent(), reader.events()));
      }
    }
    stateMap = next;
  }

  private CardTerminal terminal(String name) {
    return terminalsByName.computeIfAbsent(name, n -> new SimulatedCardTerminal(terminals, n, contextEpoch));
  }
}
