package io.linkgate.cardedge.pcsc;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import javax.smartcardio.TerminalFactorySpi;

/**
 * A terminal factory standing in for an unreachable PC/SC service: every call on its terminal list throws a
 * {@code CardException} carrying the original failure, so an outage surfaces where card code handles PC/SC
 * errors anyway (and {@link ReaderWatcher} retries).
 */
final class UnavailableTerminals extends CardTerminals {

  static final String TYPE = "LinkGateUnavailable";
  private static final Provider PROVIDER = new UnavailableProvider();

  private final String message;
  private final Throwable cause;

  private UnavailableTerminals(String message, Throwable cause) {
    this.message = message;
    this.cause = cause;
  }

  static TerminalFactory factory(String message, Throwable cause) {
    try {
      return TerminalFactory.getInstance(TYPE, new UnavailableTerminals(message, cause), PROVIDER);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The built-in unavailable-terminals provider is missing", e);
    }
  }

  @Override
  public List<CardTerminal> list(State state) throws CardException {
    throw new CardException(message, cause);
  }

  @Override
  public boolean waitForChange(long timeout) throws CardException {
    throw new CardException(message, cause);
  }

  private static final class UnavailableProvider extends Provider {

    UnavailableProvider() {
      super(TYPE, "1.0", "A PC/SC service that could not be reached");
      putService(new Service(this, "TerminalFactory", TYPE, Spi.class.getName(), null, null) {
        @Override
        public Object newInstance(Object parameter) {
          return new Spi((UnavailableTerminals) parameter);
        }
      });
    }
  }

  private static final class Spi extends TerminalFactorySpi {
    private final UnavailableTerminals terminals;

    Spi(UnavailableTerminals terminals) {
      this.terminals = terminals;
    }

    @Override
    protected CardTerminals engineTerminals() {
      return terminals;
    }
  }
}
