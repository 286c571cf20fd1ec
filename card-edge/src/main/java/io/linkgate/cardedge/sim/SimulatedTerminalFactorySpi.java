package io.linkgate.cardedge.sim;

import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactorySpi;

/** One "PC/SC context" on a {@link SimulatedTerminals}: it dies with the next service outage. */
final class SimulatedTerminalFactorySpi extends TerminalFactorySpi {

  private final SimulatedTerminals terminals;
  private final long contextEpoch;

  SimulatedTerminalFactorySpi(SimulatedTerminals terminals) {
    this.terminals = terminals;
    this.contextEpoch = terminals.epoch();
  }

  @Override
  protected CardTerminals engineTerminals() {
    return new SimulatedCardTerminals(terminals, contextEpoch);
  }
}
