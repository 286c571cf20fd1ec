package io.linkgate.cardedge.pcsc;

import javax.smartcardio.CardTerminal;

/** What {@link ReaderWatcher} reports: readers coming and going, cards inserted and removed. */
public sealed interface ReaderEvent {

  String readerName();

  /** A reader appeared (plugged in, or seen again after the PC/SC service came back). */
  record ReaderAdded(String readerName) implements ReaderEvent {
  }

  /** A reader went away (unplugged, or the PC/SC service stopped); a card in it was reported removed first. */
  record ReaderRemoved(String readerName) implements ReaderEvent {
  }

  /** A card is in {@code terminal}: open it with {@code ThaiIdCard.open(terminal)}. */
  record CardInserted(String readerName, CardTerminal terminal) implements ReaderEvent {
  }

  /** The card left the reader (or can no longer be seen): end what depended on it. */
  record CardRemoved(String readerName) implements ReaderEvent {
  }
}
