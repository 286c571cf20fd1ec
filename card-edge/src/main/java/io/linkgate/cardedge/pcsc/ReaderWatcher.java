package io.linkgate.cardedge.pcsc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;

/**
 * Watches every reader of a PC/SC service on one dedicated daemon thread and reports {@link ReaderEvent}s.
 *
 * <p>Each round lists the readers, compares them and their card state with what it reported before, emits the
 * difference, then asks {@code CardTerminals.waitForChange} whether anything changed (a short wait, then an idle
 * pause; see {@link Settings} for why), so a removal is reported within a round (250 ms by default) and readers
 * plugged in later, which PC/SC's wait does not report, are found by the next list.
 *
 * <p>Failures: a first failed call is retried at once with a fresh factory from the supplier (a reader vanishing
 * in the middle of a call is not an outage). If that fails too, the service is considered gone (pcscd stopped
 * or restarting: {@code SCARD_E_NO_SERVICE}, {@code SCARD_E_SERVICE_STOPPED}, ...): every card is reported
 * removed and every reader gone — their connections are dead and a card could be swapped unseen — then the
 * watcher retries with a new factory after a bounded, doubling back-off ({@link Settings#minBackoff()} to
 * {@link Settings#maxBackoff()}) and re-reports what it finds. {@code SCARD_E_NO_READERS_AVAILABLE} (pcsc-lite's
 * answer when no reader is plugged in) is an empty list, not a failure.
 *
 * <p>The listener runs on the watcher thread; hand work off rather than blocking it. A listener exception is
 * logged and the watch goes on.
 */
public final class ReaderWatcher implements AutoCloseable {

  /**
   * Timing of a watcher: each round blocks in {@code waitForChange} for {@code changeTimeout}, then, when nothing
   * changed, waits {@code idleInterval} outside PC/SC; failures back off from {@code minBackoff} to
   * {@code maxBackoff}.
   *
   * <p>Why not simply block in {@code waitForChange}: the JDK provider shares one PC/SC context across the JVM,
   * and pcsc-lite serialises the calls on a context, so a blocked {@code waitForChange} holds up every APDU to
   * the officer's card until it returns. Measured through pcscd: a full card read took 8.7 s with a 250 ms
   * blocking wait beside it, against 3.4 s without. A short wait followed by an idle pause keeps the context free
   * most of the time; PC/SC's change detection still catches whatever happened during the pause.
   */
  public record Settings(Duration changeTimeout, Duration idleInterval, Duration minBackoff, Duration maxBackoff) {

    public static final Settings DEFAULT = new Settings(Duration.ofMillis(20), Duration.ofMillis(230),
        Duration.ofMillis(250), Duration.ofSeconds(2));

    public Settings {
      Objects.requireNonNull(changeTimeout, "changeTimeout");
      Objects.requireNonNull(idleInterval, "idleInterval");
      Objects.requireNonNull(minBackoff, "minBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      if (changeTimeout.toMillis() < 1 || idleInterval.isNegative()
          || changeTimeout.plus(idleInterval).compareTo(Duration.ofSeconds(1)) > 0) {
        throw new IllegalArgumentException(
            "changeTimeout (>= 1 ms) + idleInterval must not exceed 1s, so that removals are seen within a second");
      }
      if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
        throw new IllegalArgumentException("backoff must satisfy 0 < minBackoff <= maxBackoff");
      }
    }
  }

  /** How the watcher waits before retrying after a failure (injectable so tests control the back-off). */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  static final String THREAD_NAME = "linkgate-reader-watcher";
  private static final String NO_READERS = "SCARD_E_NO_READERS_AVAILABLE";
  private static final Set<String> READER_GONE = Set.of("SCARD_E_UNKNOWN_READER", "SCARD_E_READER_UNAVAILABLE");
  private static final System.Logger LOG = System.getLogger(ReaderWatcher.class.getName());

  private final Supplier<TerminalFactory> factories;
  private final Consumer<ReaderEvent> listener;
  private final Settings settings;
  private final Pause pause;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final Map<String, Boolean> known = new LinkedHashMap<>();
  private volatile boolean running;
  private Thread thread;

  /** A watcher with {@link Settings#DEFAULT} that waits for real between attempts. */
  public ReaderWatcher(Supplier<TerminalFactory> factories, Consumer<ReaderEvent> listener) {
    this(factories, listener, Settings.DEFAULT, null);
  }

  /**
   * @param factories a fresh factory per call (for real PC/SC: {@link PcscSetup#newFactory}); a runtime
   *                  exception counts as a failed attempt
   * @param pause     the back-off wait; null to wait for real (ended at once by {@link #stop()})
   */
  public ReaderWatcher(Supplier<TerminalFactory> factories, Consumer<ReaderEvent> listener, Settings settings,
                       Pause pause) {
    this.factories = Objects.requireNonNull(factories, "factories");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.pause = pause != null ? pause : this::waitForStop;
  }

  /** Starts the watcher thread; once only. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("ReaderWatcher already started");
    }
    running = true;
    thread = new Thread(this::watch, THREAD_NAME);
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops the watcher thread and waits for it to end (at most about one change timeout). */
  public void stop() {
    Thread watcher;
    synchronized (this) {
      running = false;
      watcher = thread;
    }
    stopSignal.countDown();
    if (watcher == null || watcher == Thread.currentThread()) {
      return;
    }
    watcher.interrupt();
    try {
      watcher.join(settings.changeTimeout().toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Whether the watcher thread is running. */
  public boolean isAlive() {
    Thread watcher = thread;
    return watcher != null && watcher.isAlive();
  }

  private void watch() {
    CardTerminals terminals = null;
    Duration backoff = settings.minBackoff();
    int failures = 0;
    while (running) {
      try {
        if (terminals == null) {
          terminals = factories.get().terminals();
        }
        List<CardTerminal> readers = list(terminals);
        synchronise(readers);
        failures = 0;
        backoff = settings.minBackoff();
        boolean changed = !readers.isEmpty() && terminals.waitForChange(settings.changeTimeout().toMillis());
        if (!changed) {
          waitForStop(settings.idleInterval());
        }
      } catch (InterruptedException e) {
        break;
      } catch (CardException | RuntimeException e) {
        if (!running) {
          break;
        }
        terminals = null;
        failures++;
        if (failures == 1) {
          continue;
        }
        if (failures == 2) {
          LOG.log(System.Logger.Level.WARNING, "PC/SC service unavailable (" + pcscCode(e) + "); retrying");
          forgetAll();
        }
        try {
          pause.pause(backoff);
        } catch (InterruptedException interrupted) {
          break;
        }
        backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
            : backoff.multipliedBy(2);
      }
    }
  }

  private List<CardTerminal> list(CardTerminals terminals) throws CardException {
    try {
      return terminals.list();
    } catch (CardException e) {
      if (hasCode(e, Set.of(NO_READERS))) {
        return List.of();
      }
      throw e;
    }
  }

  private void synchronise(List<CardTerminal> readers) throws CardException {
    Map<String, CardTerminal> byName = new LinkedHashMap<>();
    readers.forEach(t -> byName.put(t.getName(), t));
    for (String name : new ArrayList<>(known.keySet())) {
      if (!byName.containsKey(name)) {
        forget(name);
      }
    }
    for (CardTerminal terminal : byName.values()) {
      String name = terminal.getName();
      boolean present;
      try {
        present = terminal.isCardPresent();
      } catch (CardException e) {
        if (!hasCode(e, READER_GONE)) {
          throw e;
        }
        forget(name);
        continue;
      }
      Boolean before = known.get(name);
      if (before == null) {
        emit(new ReaderEvent.ReaderAdded(name));
        before = false;
      }
      known.put(name, present);
      if (before && !present) {
        emit(new ReaderEvent.CardRemoved(name));
      } else if (!before && present) {
        emit(new ReaderEvent.CardInserted(name, terminal));
      }
    }
  }

  private void forgetAll() {
    for (String name : new ArrayList<>(known.keySet())) {
      forget(name);
    }
  }

  private void forget(String name) {
    Boolean hadCard = known.remove(name);
    if (hadCard == null) {
      return;
    }
    if (hadCard) {
      emit(new ReaderEvent.CardRemoved(name));
    }
    emit(new ReaderEvent.ReaderRemoved(name));
  }

  private void emit(ReaderEvent event) {
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Reader event listener failed on " + event.getClass().getSimpleName(), e);
    }
  }

  private void waitForStop(Duration duration) throws InterruptedException {
    stopSignal.await(duration.toNanos(), TimeUnit.NANOSECONDS);
  }

  static boolean hasCode(Throwable failure, Set<String> codes) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && codes.stream().anyMatch(message::contains)) {
        return true;
      }
    }
    return false;
  }

  private static String pcscCode(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.contains("SCARD_")) {
        return message.substring(message.indexOf("SCARD_")).split("\\s")[0];
      }
    }
    return failure.getClass().getSimpleName();
  }
}
