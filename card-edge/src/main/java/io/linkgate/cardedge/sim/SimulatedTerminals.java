package io.linkgate.cardedge.sim;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.smartcardio.CardException;
import javax.smartcardio.TerminalFactory;

/**
 * A simulated PC/SC service with card readers, reachable through the standard javax.smartcardio API:
 * {@code TerminalFactory.getInstance(SimulatedTerminals.TYPE, terminals, SimulatedTerminals.provider())} (or
 * {@link #terminalFactory()}), so card-edge runs exactly the same {@code CardTerminals}/{@code CardTerminal}/
 * {@code Card}/{@code CardChannel} code against simulated and real readers.
 *
 * <p>Tests and the demo drive it: {@link #addReader} / {@link SimulatedReader#unplug()} (reader plugged and
 * unplugged), {@link SimulatedReader#insert} / {@link SimulatedReader#remove()} (card inserted and pulled out),
 * {@link #failService} / {@link #restoreService()} (pcscd stopping and coming back: meanwhile every call throws
 * a {@code CardException} whose cause names the PC/SC code, and everything obtained before the outage stays
 * dead afterwards, like a stale PC/SC context).
 *
 * <p>It behaves like the JDK's PC/SC provider on Linux where card-edge depends on it: cards speak T=0 and lose
 * a case-4 command's Le; with no reader, {@code list()} and {@code waitForChange} fail with
 * {@code SCARD_E_NO_READERS_AVAILABLE} as on pcsc-lite (or, with {@link Builder#emptyListWhenNoReaders}, the list
 * is empty and {@code waitForChange} throws {@code IllegalStateException});
 * {@code waitForChange} notices insertions, removals and unplugged readers but not newly plugged ones; after a
 * removal, the card object throws {@code CardException} then {@code IllegalStateException}. The JDK's automatic
 * GET RESPONSE (same class as the command) can be switched on with {@link Builder#automaticGetResponse}.
 *
 * <p>All waiting is on one monitor, woken by every change; nothing polls.
 */
public final class SimulatedTerminals {

  /** The javax.smartcardio terminal type of this provider. */
  public static final String TYPE = "LinkGateSimulated";

  private static final Provider PROVIDER = new SimulatedTerminalsProvider();

  final Object lock = new Object();
  private final Map<String, SimulatedReader> readers = new LinkedHashMap<>();
  private final boolean automaticGetResponse;
  private final boolean emptyListWhenNoReaders;
  private String outageCode;
  private long serviceEpoch;

  public SimulatedTerminals() {
    this(builder());
  }

  private SimulatedTerminals(Builder builder) {
    this.automaticGetResponse = builder.automaticGetResponse;
    this.emptyListWhenNoReaders = builder.emptyListWhenNoReaders;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The provider serving {@link #TYPE}; pass it to {@code TerminalFactory.getInstance} (no registration). */
  public static Provider provider() {
    return PROVIDER;
  }

  /**
   * A new factory over this service, as {@code TerminalFactory.getInstance(TYPE, this, provider())}.
   *
   * @throws NoSuchAlgorithmException while the service is down (as establishing a PC/SC context fails)
   */
  public TerminalFactory terminalFactory() throws NoSuchAlgorithmException {
    return TerminalFactory.getInstance(TYPE, this, PROVIDER);
  }

  /** Plugs in a reader. */
  public SimulatedReader addReader(String name) {
    Objects.requireNonNull(name, "name");
    synchronized (lock) {
      if (readers.containsKey(name)) {
        throw new IllegalStateException("A reader with this name is already plugged in: " + name);
      }
      SimulatedReader reader = new SimulatedReader(this, name);
      readers.put(name, reader);
      lock.notifyAll();
      return reader;
    }
  }

  /** The plugged-in reader called {@code name}. */
  public Optional<SimulatedReader> reader(String name) {
    synchronized (lock) {
      return Optional.ofNullable(readers.get(name));
    }
  }

  public List<String> readerNames() {
    synchronized (lock) {
      return List.copyOf(readers.keySet());
    }
  }

  /**
   * Stops the simulated PC/SC service: from now on every call fails with a {@code CardException} whose cause's
   * message is {@code pcscCode} (e.g. {@code SCARD_E_NO_SERVICE}), and every factory, terminal list and card
   * obtained so far stays dead even after {@link #restoreService()}.
   */
  public void failService(String pcscCode) {
    Objects.requireNonNull(pcscCode, "pcscCode");
    synchronized (lock) {
      outageCode = pcscCode;
      serviceEpoch++;
      lock.notifyAll();
    }
  }

  /** The service is back: new factories work again. */
  public void restoreService() {
    synchronized (lock) {
      outageCode = null;
      lock.notifyAll();
    }
  }

  public boolean serviceAvailable() {
    synchronized (lock) {
      return outageCode == null;
    }
  }

  // ---- used by the javax.smartcardio implementation classes, always under lock ----

  boolean automaticGetResponse() {
    return automaticGetResponse;
  }

  long epoch() {
    synchronized (lock) {
      return serviceEpoch;
    }
  }

  /** Throws like a PC/SC call does while the service is down or on a context from before an outage. */
  void checkService(long contextEpoch, String operation) throws CardException {
    if (outageCode != null) {
      throw Pcsc.failure(operation, outageCode);
    }
    if (contextEpoch != serviceEpoch) {
      throw Pcsc.failure(operation, "SCARD_E_INVALID_HANDLE");
    }
  }

  SimulatedReader pluggedReader(String name) {
    return readers.get(name);
  }

  List<String> pluggedReaderNames(String operation) throws CardException {
    if (readers.isEmpty() && !emptyListWhenNoReaders) {
      throw Pcsc.failure(operation, "SCARD_E_NO_READERS_AVAILABLE");
    }
    return new ArrayList<>(readers.keySet());
  }

  void unplug(SimulatedReader reader) {
    synchronized (lock) {
      if (readers.get(reader.name()) == reader) {
        readers.remove(reader.name());
        reader.markUnplugged();
        lock.notifyAll();
      }
    }
  }

  /** Waits on the monitor until {@code deadlineNanos} (0: forever); false once the deadline has passed. */
  boolean awaitChange(long deadlineNanos) throws InterruptedException {
    if (deadlineNanos == 0) {
      lock.wait();
      return true;
    }
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      return false;
    }
    long millis = remaining / 1_000_000;
    int nanos = (int) (remaining % 1_000_000);
    lock.wait(millis, nanos);
    return true;
  }

  static long deadline(long timeoutMillis) {
    if (timeoutMillis < 0) {
      throw new IllegalArgumentException("Timeout must not be negative: " + timeoutMillis);
    }
    if (timeoutMillis == 0) {
      return 0;
    }
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    return deadline == 0 ? 1 : deadline;
  }

  /** Options of a simulated service. */
  public static final class Builder {
    private boolean automaticGetResponse;
    private boolean emptyListWhenNoReaders;

    private Builder() {
    }

    /**
     * Whether the channel answers {@code 61 xx} itself with a GET RESPONSE in the command's class, as the JDK
     * provider does unless {@code sun.security.smartcardio.t0GetResponse=false}. Off by default, as card-edge
     * runs (see {@code PcscSetup}).
     */
    public Builder automaticGetResponse(boolean on) {
      this.automaticGetResponse = on;
      return this;
    }

    /**
     * Whether {@code list()} answers an empty list when no reader is plugged in (Windows, macOS) instead of
     * failing with {@code SCARD_E_NO_READERS_AVAILABLE} (pcsc-lite, the default).
     */
    public Builder emptyListWhenNoReaders(boolean on) {
      this.emptyListWhenNoReaders = on;
      return this;
    }

    public SimulatedTerminals build() {
      return new SimulatedTerminals(this);
    }
  }
}
