package io.linkgate.cardedge.card;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;

/**
 * A Thai national ID card over javax.smartcardio: ISO 7816-4 APDUs to the Thai ID applet (data, PIN,
 * INTERNAL AUTHENTICATE) and the ADM applet (CPLC chip id, laser id). Works the same on a real PC/SC reader and
 * on {@code SimulatedTerminals}.
 *
 * <p>GET RESPONSE is ours: card-edge runs with the JDK's automatic {@code 61 xx} handling off (see
 * {@code PcscSetup}) because the JDK would repeat the command's class ({@code 80 C0 00 00}), which the Thai
 * cards refuse; {@link ApduExchange} sends {@code 00 C0 00 P2 Le} with the P2 the card's ATR calls for. When
 * the JDK handled {@code 61 xx} anyway, its {@code 90 00} answer with data is taken as is.
 *
 * <p>Each operation holds the card exclusively (a PC/SC transaction) so that no other program interleaves its
 * commands. The applet is only re-selected when switching applets, because a SELECT ends the PIN's verified
 * state on the card: the login flow is {@link #read()}, {@link #verifyPin}, {@link #authenticate}.
 *
 * <p>Not thread-safe beyond its own monitor: use one instance from one worker. Nothing about the card, the PIN
 * or an APDU payload is logged or put in an exception message.
 */
public final class ThaiIdCard implements CardOperations {

  /** The card's PIN try counter starts (and, after a correct PIN, restarts) at three. */
  public static final int PIN_TRY_LIMIT = 3;

  private static final int SW_SECURITY_STATUS_NOT_SATISFIED = 0x6982;
  private static final int SW_AUTHENTICATION_BLOCKED = 0x6983;

  private enum Applet { NONE, THAI_ID, ADM }

  private final Card card;
  private final ApduExchange exchange;
  private Applet selected = Applet.NONE;

  ThaiIdCard(Card card, ApduTransport transport, byte[] atr) {
    this.card = card;
    this.exchange = new ApduExchange(transport, GetResponseVariant.forAtr(atr));
  }

  /** Connects to the card in {@code terminal} (any protocol). */
  public static ThaiIdCard open(CardTerminal terminal) throws CardAccessException {
    try {
      return of(terminal.connect("*"));
    } catch (CardNotPresentException e) {
      throw new CardAccessException(CardAccessException.Reason.NO_CARD, "No card in the reader", e);
    } catch (CardException e) {
      CardAccessException mapped = CardErrors.fromCardException(e);
      if (mapped.reason() == CardAccessException.Reason.CARD_REMOVED) {
        throw new CardAccessException(CardAccessException.Reason.NO_CARD, "No card in the reader", e);
      }
      throw mapped;
    }
  }

  /** Uses an already connected card. {@link #close()} disconnects it. */
  public static ThaiIdCard of(Card card) {
    return new ThaiIdCard(card, new ChannelTransport(card.getBasicChannel()), card.getATR().getBytes());
  }

  /** The GET RESPONSE form this card gets, from its ATR. */
  public GetResponseVariant getResponseVariant() {
    return exchange.variant();
  }

  @Override
  public synchronized CardData read() throws CardAccessException {
    return exclusively(() -> {
      select(Applet.THAI_ID);
      Map<ThaiIdField, byte[]> fields = new EnumMap<>(ThaiIdField.class);
      for (ThaiIdField field : ThaiIdField.values()) {
        fields.put(field, readBinary(field.offset(), field.length()));
      }
      byte[] photoArea = readPhotoArea();
      select(Applet.ADM);
      String chipId = chipId();
      String laserId = laserId();
      return CardDataDecoder.decode(fields, photoArea, chipId, laserId);
    });
  }

  @Override
  public synchronized PinResult verifyPin(char[] pin) throws CardAccessException {
    byte[] command = ThaiIdCommands.verify(pin);
    try {
      return exclusively(() -> {
        select(Applet.THAI_ID);
        CardResponse response = exchange.exchange(command);
        if (response.sw() == PinStatus.SW_VERIFY_FAILED) {
          // wrong, without saying how many tries are left: the card's PIN status does
          return new PinResult.Wrong(PinStatus.triesRemaining(exchange.exchange(ThaiIdCommands.pinStatus()).sw()));
        }
        return PinStatus.verifyResult(response.sw());
      });
    } finally {
      Arrays.fill(command, (byte) 0);
    }
  }

  @Override
  public synchronized int pinTriesRemaining() throws CardAccessException {
    return exclusively(() -> {
      select(Applet.THAI_ID);
      return PinStatus.triesRemaining(exchange.exchange(ThaiIdCommands.pinStatus()).sw());
    });
  }

  @Override
  public synchronized byte[] authenticate(byte[] challenge) throws CardAccessException {
    byte[] command = ThaiIdCommands.internalAuthenticate(challenge);
    return exclusively(() -> {
      select(Applet.THAI_ID);
      CardResponse response = exchange.exchange(command);
      if (response.sw() == SW_SECURITY_STATUS_NOT_SATISFIED) {
        throw new CardAccessException(CardAccessException.Reason.PIN_REQUIRED,
            "The card needs a verified PIN first");
      }
      if (response.sw() == SW_AUTHENTICATION_BLOCKED) {
        throw new CardAccessException(CardAccessException.Reason.PIN_BLOCKED, "The card's PIN is blocked");
      }
      if (!response.ok() || response.data().length == 0) {
        throw CardErrors.unexpected("INTERNAL AUTHENTICATE", response.sw());
      }
      return response.data();
    });
  }

  /** Disconnects, resetting the card so that its verified-PIN state ends with this session. */
  @Override
  public synchronized void close() {
    try {
      card.disconnect(true);
    } catch (CardException | IllegalStateException e) {
      // already removed or disconnected: nothing left to close
    }
  }

  private byte[] readBinary(int offset, int length) throws CardException, CardAccessException {
    CardResponse response = exchange.exchange(ThaiIdCommands.read(offset, length));
    if (!response.ok()) {
      throw CardErrors.unexpected("READ", response.sw());
    }
    return response.data();
  }

  private byte[] readPhotoArea() throws CardException, CardAccessException {
    ByteArrayOutputStream area = new ByteArrayOutputStream(ThaiIdField.PHOTO_CHUNKS * ThaiIdField.PHOTO_CHUNK_LENGTH);
    for (int i = 0; i < ThaiIdField.PHOTO_CHUNKS; i++) {
      area.writeBytes(readBinary(ThaiIdField.photoChunkOffset(i), ThaiIdField.PHOTO_CHUNK_LENGTH));
    }
    return area.toByteArray();
  }

  private String chipId() throws CardException, CardAccessException {
    CardResponse response = exchange.exchange(ThaiIdCommands.getCplc());
    if (!response.ok()) {
      throw CardErrors.unexpected("GET DATA (CPLC)", response.sw());
    }
    try {
      return Cplc.chipId(response.data());
    } catch (IllegalArgumentException e) {
      throw new CardAccessException(CardAccessException.Reason.COMMUNICATION, "The card's CPLC is unreadable");
    }
  }

  private String laserId() throws CardException, CardAccessException {
    CardResponse response = exchange.exchange(ThaiIdCommands.laserId());
    if (!response.ok()) {
      throw CardErrors.unexpected("laser id", response.sw());
    }
    return LaserId.decode(response.data());
  }

  private void select(Applet applet) throws CardException, CardAccessException {
    if (selected == applet) {
      return;
    }
    selected = Applet.NONE;
    byte[] aid = applet == Applet.THAI_ID ? ThaiIdCommands.THAI_ID_AID : ThaiIdCommands.ADM_AID;
    CardResponse response = exchange.exchange(ThaiIdCommands.select(aid));
    if (!response.ok()) {
      if (applet == Applet.THAI_ID) {
        throw new CardAccessException(CardAccessException.Reason.NOT_A_THAI_ID_CARD,
            "This card is not a Thai national ID card");
      }
      throw CardErrors.unexpected("SELECT ADM", response.sw());
    }
    selected = applet;
  }

  private <T> T exclusively(CardWork<T> work) throws CardAccessException {
    try {
      card.beginExclusive();
    } catch (CardException e) {
      throw CardErrors.fromCardException(e);
    } catch (IllegalStateException e) {
      throw CardErrors.fromIllegalState(e);
    }
    try {
      return work.run();
    } catch (CardException e) {
      selected = Applet.NONE;
      throw CardErrors.fromCardException(e);
    } catch (IllegalStateException e) {
      selected = Applet.NONE;
      throw CardErrors.fromIllegalState(e);
    } finally {
      endExclusive();
    }
  }

  private void endExclusive() {
    try {
      card.endExclusive();
    } catch (CardException | IllegalStateException e) {
      // the card went away; the failure of the work itself is what the caller gets
    }
  }

  @FunctionalInterface
  private interface CardWork<T> {
    T run() throws CardException, CardAccessException;
  }

  @Override
  public String toString() {
    return "ThaiIdCard[" + exchange.variant() + "]";
  }
}
