package io.linkgate.cardedge.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.Test;

/** The simulated javax.smartcardio provider behaves like the JDK's PC/SC provider where card-edge relies on it. */
class SimulatedTerminalsTest {

  private final SimulatedTerminals terminals = new SimulatedTerminals();

  @Test
  void should_wake_a_waiting_thread_when_a_card_is_inserted() throws Exception {
    SimulatedReader reader = terminals.addReader("r0");
    CardTerminal terminal = factory().terminals().getTerminal("r0");
    CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> waitPresent(terminal, 0));

    reader.insert(card("officer"));

    assertTrue(waiting.get(5, TimeUnit.SECONDS));
  }

  @Test
  void should_return_false_when_no_card_comes_before_the_timeout() throws Exception {
    terminals.addReader("r0");

    assertFalse(factory().terminals().getTerminal("r0").waitForCardPresent(20));
  }

  @Test
  void should_wake_wait_for_change_when_a_card_is_removed() throws Exception {
    SimulatedReader reader = terminals.addReader("r0");
    reader.insert(card("officer"));
    CardTerminals list = factory().terminals();
    list.waitForChange(1);
    CompletableFuture<Boolean> changed = CompletableFuture.supplyAsync(() -> waitForChange(list));

    reader.remove();

    assertTrue(changed.get(5, TimeUnit.SECONDS));
    assertEquals(List.of("r0"), names(list.list(CardTerminals.State.CARD_REMOVAL)));
    assertEquals(List.of(), names(list.list(CardTerminals.State.CARD_INSERTION)));
    assertFalse(list.waitForChange(20), "no further change");
  }

  @Test
  void should_fail_like_pcsc_lite_when_no_reader_is_plugged_in() throws Exception {
    CardException e = assertThrows(CardException.class, () -> factory().terminals().list());
    assertEquals("SCARD_E_NO_READERS_AVAILABLE", e.getCause().getMessage());
    CardException waitFailure = assertThrows(CardException.class, () -> factory().terminals().waitForChange(10));
    assertEquals("SCARD_E_NO_READERS_AVAILABLE", waitFailure.getCause().getMessage());

    SimulatedTerminals windowsLike = SimulatedTerminals.builder().emptyListWhenNoReaders(true).build();
    assertEquals(List.of(), windowsLike.terminalFactory().terminals().list());
    assertThrows(IllegalStateException.class, () -> windowsLike.terminalFactory().terminals().waitForChange(10));
  }

  @Test
  void should_fail_every_call_and_keep_old_contexts_dead_when_the_service_restarts() throws Exception {
    terminals.addReader("r0").insert(card("officer"));
    TerminalFactory before = factory();
    Card connected = before.terminals().getTerminal("r0").connect("*");

    terminals.failService("SCARD_E_NO_SERVICE");

    CardException listFailure = assertThrows(CardException.class, () -> before.terminals().list());
    assertEquals("SCARD_E_NO_SERVICE", listFailure.getCause().getMessage());
    assertThrows(NoSuchAlgorithmException.class, terminals::terminalFactory);
    terminals.restoreService();
    CardException stale = assertThrows(CardException.class, () -> before.terminals().list());
    assertEquals("SCARD_E_INVALID_HANDLE", stale.getCause().getMessage());
    assertThrows(CardException.class, () -> connected.getBasicChannel().transmit(new CommandAPDU(0, 0xA4, 4, 0)));
    assertEquals(List.of("r0"), names(factory().terminals().list()));
  }

  @Test
  void should_throw_card_exception_then_illegal_state_when_the_card_was_removed() throws Exception {
    SimulatedReader reader = terminals.addReader("r0");
    reader.insert(card("officer"));
    Card card = factory().terminals().getTerminal("r0").connect("T=0");
    reader.remove();

    CardException first = assertThrows(CardException.class,
        () -> card.getBasicChannel().transmit(new CommandAPDU(0, 0xA4, 4, 0)));
    assertEquals("SCARD_W_REMOVED_CARD", first.getCause().getMessage());
    assertThrows(IllegalStateException.class, card::getBasicChannel);
    assertThrows(CardNotPresentException.class, () -> factory().terminals().getTerminal("r0").connect("*"));
  }

  @Test
  void should_report_the_reader_gone_when_it_is_unplugged_and_find_it_again_when_replugged() throws Exception {
    SimulatedReader reader = terminals.addReader("r0");
    reader.insert(card("officer"));
    CardTerminal terminal = factory().terminals().getTerminal("r0");

    reader.unplug();

    assertTrue(terminal.waitForCardAbsent(1000));
    CardException e = assertThrows(CardException.class, terminal::isCardPresent);
    assertEquals("SCARD_E_UNKNOWN_READER", e.getCause().getMessage());
    terminals.addReader("r0").insert(card("officer2"));
    assertTrue(terminal.isCardPresent());
  }

  @Test
  void should_drop_le_of_case_4_commands_like_t0_and_return_the_same_connection() throws Exception {
    terminals.addReader("r0").insert(card("officer"));
    CardTerminal terminal = factory().terminals().getTerminal("r0");
    Card card = terminal.connect("*");
    assertSame(card, terminal.connect("*"));
    assertEquals("T=0", card.getProtocol());
    assertArrayEquals(SimulatedCardProfile.NEW_CHIP_ATR, card.getATR().getBytes());

    ResponseAPDU select = card.getBasicChannel().transmit(
        new CommandAPDU(0x00, 0xA4, 0x04, 0x00, Apdus.bytes("A000000054480001"), 256));
    assertEquals(0x9000, select.getSW());
    ByteBuffer response = ByteBuffer.allocate(258);
    int length = card.getBasicChannel().transmit(ByteBuffer.wrap(Apdus.bytes("00200081")), response);
    assertEquals(2, length);
    assertEquals("63C3", Apdus.HEX.formatHex(response.array(), 0, 2));
    assertThrows(IllegalArgumentException.class,
        () -> card.getBasicChannel().transmit(ByteBuffer.wrap(Apdus.bytes("00200081")), ByteBuffer.allocate(10)));
  }

  @Test
  void should_refuse_another_thread_while_a_thread_holds_exclusive_access() throws Exception {
    terminals.addReader("r0").insert(card("officer"));
    Card card = factory().terminals().getTerminal("r0").connect("*");
    card.beginExclusive();

    CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
      try {
        card.getBasicChannel().transmit(new CommandAPDU(0, 0xA4, 4, 0));
        return null;
      } catch (CardException e) {
        return e;
      }
    });

    assertTrue(other.get(5, TimeUnit.SECONDS) instanceof CardException);
    card.endExclusive();
    card.disconnect(true);
    assertThrows(IllegalStateException.class, card::getBasicChannel);
  }

  private TerminalFactory factory() throws NoSuchAlgorithmException {
    return TerminalFactory.getInstance(SimulatedTerminals.TYPE, terminals, SimulatedTerminals.provider());
  }

  private static SimulatedThaiIdCard card(String profile) {
    return new SimulatedThaiIdCard(SimulatedCardProfiles.byName(profile));
  }

  private static List<String> names(List<CardTerminal> list) {
    return list.stream().map(CardTerminal::getName).toList();
  }

  private static boolean waitPresent(CardTerminal terminal, long timeout) {
    try {
      return terminal.waitForCardPresent(timeout);
    } catch (CardException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean waitForChange(CardTerminals list) {
    try {
      return list.waitForChange(5000);
    } catch (CardException e) {
      throw new IllegalStateException(e);
    }
  }
}
