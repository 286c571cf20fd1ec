package io.linkgate.cardedge.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.cardedge.card.ThaiIdCard;
import io.linkgate.cardedge.sim.SimulatedCardProfiles;
import io.linkgate.cardedge.sim.SimulatedReader;
import io.linkgate.cardedge.sim.SimulatedTerminals;
import io.linkgate.cardedge.sim.SimulatedThaiIdCard;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ReaderWatcher on simulated readers: insertions, removals, unplugging, PC/SC outages. */
class ReaderWatcherTest {

  private final SimulatedTerminals terminals = new SimulatedTerminals();
  private final BlockingQueue<ReaderEvent> events = new LinkedBlockingQueue<>();
  private final AtomicInteger factoriesCreated = new AtomicInteger();
  private final Supplier<TerminalFactory> factories = () -> {
    factoriesCreated.incrementAndGet();
    try {
      return terminals.terminalFactory();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("PC/SC service down", e);
    }
  };
  private ReaderWatcher watcher;

  @AfterEach
  void stopWatcher() {
    if (watcher != null) {
      watcher.stop();
    }
  }

  @Test
  void should_report_insertion_and_removal_when_a_card_goes_in_and_out() throws Exception {
    SimulatedReader reader = terminals.addReader("r0");
    start(ReaderWatcher.Settings.DEFAULT, null);
    expect(new ReaderEvent.ReaderAdded("r0"));

    reader.insert(card("officer"));
    ReaderEvent.CardInserted inserted = (ReaderEvent.CardInserted) expect(ReaderEvent.CardInserted.class, "r0");
    try (ThaiIdCard card = ThaiIdCard.open(inserted.terminal())) {
      assertEquals("1101700001016", card.read().citizenId());
    }
    long removedAt = System.nanoTime();
    reader.remove();
    expect(new ReaderEvent.CardRemoved("r0"));

    assertTrue(System.nanoTime() - removedAt < TimeUnit.SECONDS.toNanos(1), "removal reported within one second");
  }

  @Test
  void should_report_a_card_already_inserted_when_the_watcher_starts() throws Exception {
    terminals.addReader("r0").insert(card("officer"));

    start(ReaderWatcher.Settings.DEFAULT, null);

    expect(new ReaderEvent.ReaderAdded("r0"));
    expect(ReaderEvent.CardInserted.class, "r0");
  }

  @Test
  void should_watch_every_reader_when_two_readers_are_plugged_in() throws Exception {
    SimulatedReader first = terminals.addReader("r0");
    start(ReaderWatcher.Settings.DEFAULT, null);
    expect(new ReaderEvent.ReaderAdded("r0"));
    SimulatedReader second = terminals.addReader("r1");
    expect(new ReaderEvent.ReaderAdded("r1"));

    second.insert(card("officer2"));
    expect(ReaderEvent.CardInserted.class, "r1");
    first.insert(card("officer"));
    expect(ReaderEvent.CardInserted.class, "r0");
    second.remove();
    expect(new ReaderEvent.CardRemoved("r1"));
    first.remove();
    expect(new ReaderEvent.CardRemoved("r0"));
  }

  @Test
  void should_report_removal_then_the_reader_again_when_a_reader_is_unplugged_and_plugged_back() throws Exception {
    terminals.addReader("r0").insert(card("officer"));
    terminals.addReader("r1");
    start(ReaderWatcher.Settings.DEFAULT, null);
    expect(new ReaderEvent.ReaderAdded("r0"));
    expect(ReaderEvent.CardInserted.class, "r0");
    expect(new ReaderEvent.ReaderAdded("r1"));

    terminals.reader("r0").orElseThrow().unplug();
    expect(new ReaderEvent.CardRemoved("r0"));
    expect(new ReaderEvent.ReaderRemoved("r0"));
    terminals.addReader("r0").insert(card("officer"));

    expect(new ReaderEvent.ReaderAdded("r0"));
    expect(ReaderEvent.CardInserted.class, "r0");
  }

  @Test
  void should_back_off_then_resynchronise_when_the_pcsc_service_restarts() throws Exception {
    SimulatedReader reader = terminals.addReader("r0");
    reader.insert(card("officer"));
    ControlledPause pause = new ControlledPause();
    start(ReaderWatcher.Settings.DEFAULT, pause);
    expect(new ReaderEvent.ReaderAdded("r0"));
    expect(ReaderEvent.CardInserted.class, "r0");
    int factoriesBefore = factoriesCreated.get();

    terminals.failService("SCARD_E_NO_SERVICE");
    expect(new ReaderEvent.CardRemoved("r0"));
    expect(new ReaderEvent.ReaderRemoved("r0"));
    for (long millis : new long[] {250, 500, 1000, 2000, 2000}) {
      assertEquals(Duration.ofMillis(millis), pause.next());
      pause.release();
    }
    assertEquals(Duration.ofMillis(2000), pause.next());
    reader.remove();
    reader.insert(card("officer2"));
    terminals.restoreService();
    pause.release();

    expect(new ReaderEvent.ReaderAdded("r0"));
    ReaderEvent.CardInserted again = (ReaderEvent.CardInserted) expect(ReaderEvent.CardInserted.class, "r0");
    try (ThaiIdCard card = ThaiIdCard.open(again.terminal())) {
      assertEquals("1101700001024", card.read().citizenId(), "the new context reaches the card");
    }
    assertTrue(factoriesCreated.get() > factoriesBefore + 5, "a fresh factory for every attempt");
  }

  @Test
  void should_find_a_reader_plugged_in_later_without_backing_off_when_none_was_there() throws Exception {
    ControlledPause pause = new ControlledPause();
    start(ReaderWatcher.Settings.DEFAULT, pause);

    terminals.addReader("r0").insert(card("officer"));

    expect(new ReaderEvent.ReaderAdded("r0"));
    expect(ReaderEvent.CardInserted.class, "r0");
    assertFalse(pause.anyRequested(), "SCARD_E_NO_READERS_AVAILABLE is no outage: no back-off");
  }

  @Test
  void should_keep_watching_when_the_listener_throws() throws Exception {
    SimulatedReader reader = terminals.addReader("r0");
    Consumer<ReaderEvent> failingOnce = new Consumer<>() {
      private boolean failed;

      @Override
      public void accept(ReaderEvent event) {
        if (!failed) {
          failed = true;
          throw new IllegalStateException("listener bug");
        }
        events.add(event);
      }
    };
    watcher = new ReaderWatcher(factories, failingOnce);
    watcher.start();

    reader.insert(card("officer"));

    expect(ReaderEvent.CardInserted.class, "r0");
  }

  @Test
  void should_end_its_named_daemon_thread_promptly_when_stopped() throws Exception {
    terminals.addReader("r0");
    start(ReaderWatcher.Settings.DEFAULT, null);
    expect(new ReaderEvent.ReaderAdded("r0"));
    Thread thread = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(ReaderWatcher.THREAD_NAME)).findFirst().orElseThrow();
    assertTrue(thread.isDaemon());

    long start = System.nanoTime();
    watcher.stop();

    assertFalse(watcher.isAlive());
    assertFalse(thread.isAlive());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
  }

  private void start(ReaderWatcher.Settings settings, ReaderWatcher.Pause pause) {
    watcher = new ReaderWatcher(factories, events::add, settings, pause);
    watcher.start();
  }

  private void expect(ReaderEvent expected) throws InterruptedException {
    ReaderEvent event = events.poll(5, TimeUnit.SECONDS);
    assertEquals(expected, event);
  }

  private ReaderEvent expect(Class<? extends ReaderEvent> type, String reader) throws InterruptedException {
    ReaderEvent event = events.poll(5, TimeUnit.SECONDS);
    assertNotNull(event, "no event");
    assertEquals(type, event.getClass(), event.toString());
    assertEquals(reader, event.readerName());
    return event;
  }

  private static SimulatedThaiIdCard card(String profile) {
    return new SimulatedThaiIdCard(SimulatedCardProfiles.byName(profile));
  }
}
