package io.linkgate.cardedge;

import io.linkgate.cardedge.card.CardAccessException;
import io.linkgate.cardedge.card.ThaiIdCard;
import io.linkgate.cardedge.localapi.SimulatedCardControl;
import io.linkgate.cardedge.pcsc.PcscSetup;
import io.linkgate.cardedge.sim.FilePinCounterStore;
import io.linkgate.cardedge.sim.SimulatedCardProfiles;
import io.linkgate.cardedge.sim.SimulatedCards;
import io.linkgate.cardedge.sim.SimulatedCardSlot;
import io.linkgate.cardedge.sim.SimulatedReader;
import io.linkgate.cardedge.sim.SimulatedTerminals;
import io.linkgate.cardedge.sim.SimulatedThaiIdCard;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.Supplier;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;

/**
 * Where cards come from: the machine's PC/SC readers, or a simulated reader holding a simulated card. Both
 * are javax.smartcardio terminals, so everything after this point is the same code.
 */
final class CardSource {

  static final String SIMULATED_READER = "LinkGate Simulated Reader 0";

  private final Supplier<TerminalFactory> factories;
  private final SimulatedTerminals simulated;
  private final SimulatedCardControl control;

  private CardSource(Supplier<TerminalFactory> factories, SimulatedTerminals simulated, SimulatedCardControl control) {
    this.factories = factories;
    this.simulated = simulated;
    this.control = control;
  }

  /** The machine's PC/SC readers (pcscd on Linux). */
  static CardSource pcsc() {
    PcscSetup.configure();
    return new CardSource(PcscSetup::newFactory, null, null);
  }

  /**
   * One simulated reader with the simulated card {@code profile} inserted; its PIN counter persists in {@code stateDir};
   * its key derives from {@code issuerKey} ({@code null}: the public demo key).
   */
  static CardSource simulated(String profile, Path stateDir, byte[] issuerKey) {
    SimulatedTerminals terminals = new SimulatedTerminals();
    SimulatedThaiIdCard card = new SimulatedThaiIdCard(SimulatedCardProfiles.byName(profile),
        stateDir == null ? FilePinCounterStore.inUserHome() : new FilePinCounterStore(stateDir),
        issuerKey == null ? SimulatedCards.defaultIssuerKey() : issuerKey);
    SimulatedReader reader = terminals.addReader(SIMULATED_READER);
    reader.insert(card);
    SimulatedCardControl control = new SimulatedCardSlot(reader, card);
    return new CardSource(() -> {
      try {
        return terminals.terminalFactory();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }, terminals, control);
  }

  /** The hand on the simulated card, or {@code null} for real readers. */
  SimulatedCardControl simulatedControl() {
    return control;
  }

  Supplier<TerminalFactory> factories() {
    return factories;
  }

  SimulatedTerminals simulatedTerminals() {
    return simulated;
  }

  /** Opens the card in {@code readerName}, or in the first reader holding a card. */
  ThaiIdCard open(String readerName) throws CardAccessException {
    CardTerminals terminals = factories.get().terminals();
    List<CardTerminal> all;
    try {
      all = terminals.list();
    } catch (CardException e) {
      throw new CardAccessException(CardAccessException.Reason.NO_READER,
          "No card reader found (is the reader plugged in and the PC/SC service, pcscd, running?)", e);
    }
    if (all.isEmpty()) {
      throw new CardAccessException(CardAccessException.Reason.NO_READER, "No card reader found; plug in a reader.");
    }
    CardTerminal chosen = null;
    for (CardTerminal t : all) {
      if (readerName != null ? t.getName().equals(readerName) : present(t)) {
        chosen = t;
        break;
      }
    }
    if (chosen == null && readerName != null) {
      throw new CardAccessException(CardAccessException.Reason.NO_READER, "No reader named '" + readerName + "'; see the 'readers' command.");
    }
    if (chosen == null || !present(chosen)) {
      throw new CardAccessException(CardAccessException.Reason.NO_CARD, "No card in the reader; insert the officer's ID card.");
    }
    return ThaiIdCard.open(chosen);
  }

  List<String> readerNames() throws CardException {
    return factories.get().terminals().list().stream().map(CardTerminal::getName).toList();
  }

  private static boolean present(CardTerminal t) {
    try {
      return t.isCardPresent();
    } catch (CardException e) {
      return false;
    }
  }
}
