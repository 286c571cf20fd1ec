package io.linkgate.cardedge.localapi;

/**
 * The hand that inserts and pulls out the simulated card (demo and tests only): offered by the local API as
 * {@code POST /simulated-card/insert} and {@code POST /simulated-card/remove} when card-edge runs with
 * {@code --simulated-card}. Real readers have no such control.
 */
public interface SimulatedCardControl {

  boolean cardPresent();

  /** Puts the simulated card back in its reader; false when it is already in. */
  boolean insert();

  /** Pulls the simulated card out; false when it was not in. */
  boolean remove();
}
