package io.linkgate.cardedge.sim;

import java.util.OptionalInt;

/**
 * Where a simulated card keeps its PIN try counter, so that a blocked card stays blocked across restarts of
 * card-edge (as the counter lives in the real card's EEPROM). Keyed by profile name.
 */
public interface PinCounterStore {

  /** The stored tries remaining, empty when this card never stored one (a fresh card: three tries). */
  OptionalInt load(String profile);

  void save(String profile, int triesRemaining);
}
