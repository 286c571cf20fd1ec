package io.linkgate.cardedge.sim;

import java.security.InvalidParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;

/** The security provider that hands out {@link SimulatedTerminalFactorySpi}s for {@link SimulatedTerminals}. */
final class SimulatedTerminalsProvider extends Provider {

  SimulatedTerminalsProvider() {
    super("LinkGateSimulated", "1.0", "LinkGate simulated PC/SC readers with simulated Thai ID cards");
    putService(new FactoryService(this));
  }

  private static final class FactoryService extends Provider.Service {

    FactoryService(Provider provider) {
      super(provider, "TerminalFactory", SimulatedTerminals.TYPE, SimulatedTerminalFactorySpi.class.getName(),
          null, null);
    }

    @Override
    public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
      if (!(parameter instanceof SimulatedTerminals terminals)) {
        throw new InvalidParameterException("The parameter must be the SimulatedTerminals to use");
      }
      if (!terminals.serviceAvailable()) {
        throw new NoSuchAlgorithmException("Cannot establish a context: the simulated PC/SC service is down");
      }
      return new SimulatedTerminalFactorySpi(terminals);
    }
  }
}
