package io.linkgate.cardedge.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A Thai national ID card in pure Java, answering raw command APDUs like a T=0 card:
 *
 * <ul>
 *   <li>Thai ID applet ({@code A0 00 00 00 54 48 00 01}): READ {@code 80 B0 P1 P2 02 00 Le} of the data file
 *       ({@link ThaiIdCardImage}); VERIFY {@code 00 20 00 81} with an on-card try counter (three wrong PINs
 *       block it, a correct PIN resets it to three, blocked stays blocked) kept in a {@link PinCounterStore};
 *       INTERNAL AUTHENTICATE {@code 00 88 00 00 20 <challenge>} after a verified PIN
 *       ({@link SimulatedCards#cryptogram});</li>
 *   <li>ADM applet ({@code A0 00 00 00 84 06 00 02}): GET DATA CPLC {@code 80 CA 9F 7F}, laser id
 *       {@code 80 00 00 00 07};</li>
 *   <li>every answer with data comes as {@code 61 xx}, to be fetched with GET RESPONSE — which this card checks
 *       the way its chip generation does: a {@code 3B 67} card only takes {@code 00 C0 00 01 Le} and answers
 *       {@code 6A 86} to {@code 00 C0 00 00}; the others the reverse. A wrong class gets {@code 6E 00}.</li>
 * </ul>
 *
 * <p>Any SELECT, and a reset, end the PIN's verified state, as on a real card. Thread-safe (one monitor).
 */
public final class SimulatedThaiIdCard {

  static final byte[] THAI_ID_AID = HexFormat.of().parseHex("A000000054480001");
  static final byte[] ADM_AID = HexFormat.of().parseHex("A000000084060002");
  static final int PIN_TRY_LIMIT = 3;
  static final int CHALLENGE_LENGTH = 32;

  static final int SW_OK = 0x9000;
  static final int SW_WRONG_LENGTH = 0x6700;
  static final int SW_SECURITY_STATUS_NOT_SATISFIED = 0x6982;
  static final int SW_AUTHENTICATION_BLOCKED = 0x6983;
  static final int SW_CONDITIONS_NOT_SATISFIED = 0x6985;
  static final int SW_COMMAND_NOT_ALLOWED = 0x6986;
  static final int SW_FILE_NOT_FOUND = 0x6A82;
  static final int SW_INCORRECT_P1P2 = 0x6A86;
  static final int SW_WRONG_P1P2 = 0x6B00;
  static final int SW_INS_NOT_SUPPORTED = 0x6D00;
  static final int SW_CLA_NOT_SUPPORTED = 0x6E00;

  private enum Applet { NONE, THAI_ID, ADM }

  private final SimulatedCardProfile profile;
  private final PinCounterStore pinCounters;
  private final byte[] cardKey;
  private final byte[] image;
  private final byte[] atr;
  private final int getResponseP2;

  private Applet selected = Applet.NONE;
  private boolean pinVerified;
  private int triesRemaining;
  private byte[] pending;
  private int pendingOffset;

  /**
   * @param issuerKey the key the card key is derived from ({@link SimulatedCards#DEFAULT_ISSUER_KEY} for the
   *                  sandbox)
   */
  public SimulatedThaiIdCard(SimulatedCardProfile profile, PinCounterStore pinCounters, byte[] issuerKey) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.pinCounters = Objects.requireNonNull(pinCounters, "pinCounters");
    this.cardKey = SimulatedCards.cardKey(Objects.requireNonNull(issuerKey, "issuerKey"), profile.citizenId(), profile.chipId());
    this.image = ThaiIdCardImage.of(profile);
    this.atr = profile.atr();
    this.getResponseP2 = atr[1] == 0x67 ? 0x01 : 0x00;
    this.triesRemaining = pinCounters.load(profile.name()).orElse(PIN_TRY_LIMIT);
  }

  /** A card with an in-memory PIN counter and the sandbox's issuer key. */
  public SimulatedThaiIdCard(SimulatedCardProfile profile) {
    this(profile, new InMemoryPinCounterStore(), SimulatedCards.DEFAULT_ISSUER_KEY);
  }

  public SimulatedCardProfile profile() {
    return profile;
  }

  public byte[] atr() {
    return atr.clone();
  }

  /** Tries left on the card's PIN counter (0: blocked). */
  public synchronized int triesRemaining() {
    return triesRemaining;
  }

  /** Power cycle or warm reset: the selection, the verified PIN and any pending answer are gone. */
  public synchronized void reset() {
    selected = Applet.NONE;
    pinVerified = false;
    clearPending();
  }

  /** Answers one command APDU (response data followed by SW1 SW2). */
  public synchronized byte[] process(byte[] apdu) {
    CommandApdu command = CommandApdu.parse(apdu);
    if (command == null) {
      clearPending();
      return sw(SW_WRONG_LENGTH);
    }
    try {
      if (command.ins() == 0xC0) {
        return getResponse(command);
      }
      clearPending();
      return dispatch(command);
    } finally {
      command.wipe();
    }
  }

  private byte[] dispatch(CommandApdu command) {
    int cla = command.cla();
    return switch (command.ins()) {
      case 0xA4 -> cla == 0x00 ? select(command) : sw(SW_CLA_NOT_SUPPORTED);
      case 0xB0 -> cla == 0x80 ? read(command) : sw(SW_CLA_NOT_SUPPORTED);
      case 0x20 -> cla == 0x00 ? verify(command) : sw(SW_CLA_NOT_SUPPORTED);
      case 0x88 -> cla == 0x00 ? internalAuthenticate(command) : sw(SW_CLA_NOT_SUPPORTED);
      case 0xCA -> cla == 0x80 ? getData(command) : sw(SW_CLA_NOT_SUPPORTED);
      case 0x00 -> cla == 0x80 ? laserId(command) : sw(SW_CLA_NOT_SUPPORTED);
      default -> sw(SW_INS_NOT_SUPPORTED);
    };
  }

  private byte[] select(CommandApdu command) {
    if (command.p1() != 0x04) {
      return sw(SW_INCORRECT_P1P2);
    }
    pinVerified = false;
    if (Arrays.equals(command.data(), THAI_ID_AID)) {
      selected = Applet.THAI_ID;
      return sw(SW_OK);
    }
    if (Arrays.equals(command.data(), ADM_AID)) {
      selected = Applet.ADM;
      return sw(SW_OK);
    }
    selected = Applet.NONE;
    return sw(SW_FILE_NOT_FOUND);
  }

  private byte[] read(CommandApdu command) {
    if (selected != Applet.THAI_ID) {
      return sw(SW_COMMAND_NOT_ALLOWED);
    }
    if (command.data().length != 2 || command.data()[0] != 0x00) {
      return sw(SW_WRONG_LENGTH);
    }
    int offset = command.p1p2();
    int length = command.data()[1] == 0 ? 256 : command.data()[1] & 0xFF;
    if (offset + length > image.length) {
      return sw(SW_WRONG_P1P2);
    }
    return respondLater(Arrays.copyOfRange(image, offset, offset + length));
  }

  private byte[] verify(CommandApdu command) {
    if (selected != Applet.THAI_ID) {
      return sw(SW_COMMAND_NOT_ALLOWED);
    }
    if (command.p1() != 0x00 || command.p2() != 0x81) {
      return sw(SW_INCORRECT_P1P2);
    }
    if (command.data().length == 0) {
      if (triesRemaining == 0) {
        return sw(SW_AUTHENTICATION_BLOCKED);
      }
      return pinVerified ? sw(SW_OK) : sw(0x63C0 | triesRemaining);
    }
    if (command.data().length != 4) {
      return sw(SW_WRONG_LENGTH);
    }
    if (triesRemaining == 0) {
      return sw(SW_AUTHENTICATION_BLOCKED);
    }
    byte[] expected = profile.pin().getBytes(StandardCharsets.US_ASCII);
    boolean correct = MessageDigest.isEqual(expected, command.data());
    Arrays.fill(expected, (byte) 0);
    if (correct) {
      setTries(PIN_TRY_LIMIT);
      pinVerified = true;
      return sw(SW_OK);
    }
    pinVerified = false;
    setTries(triesRemaining - 1);
    return sw(0x63C0 | triesRemaining);
  }

  private byte[] internalAuthenticate(CommandApdu command) {
    if (selected != Applet.THAI_ID) {
      return sw(SW_COMMAND_NOT_ALLOWED);
    }
    if (command.p1() != 0x00 || command.p2() != 0x00) {
      return sw(SW_INCORRECT_P1P2);
    }
    if (command.data().length != CHALLENGE_LENGTH) {
      return sw(SW_WRONG_LENGTH);
    }
    if (triesRemaining == 0) {
      return sw(SW_AUTHENTICATION_BLOCKED);
    }
    if (!pinVerified) {
      return sw(SW_SECURITY_STATUS_NOT_SATISFIED);
    }
    return respondLater(SimulatedCards.cryptogram(cardKey, command.data()));
  }

  private byte[] getData(CommandApdu command) {
    if (selected != Applet.ADM) {
      return sw(SW_COMMAND_NOT_ALLOWED);
    }
    if (command.p1p2() != 0x9F7F) {
      return sw(0x6A88);
    }
    return respondLater(cplc());
  }

  private byte[] laserId(CommandApdu command) {
    if (selected != Applet.ADM) {
      return sw(SW_COMMAND_NOT_ALLOWED);
    }
    if (command.p1p2() != 0x0000) {
      return sw(SW_INCORRECT_P1P2);
    }
    byte[] answer = Arrays.copyOf(profile.laserId().getBytes(StandardCharsets.US_ASCII), 0x10);
    return respondLater(answer);
  }

  private byte[] getResponse(CommandApdu command) {
    if (command.cla() != 0x00) {
      clearPending();
      return sw(SW_CLA_NOT_SUPPORTED);
    }
    if (command.p1() != 0x00 || command.p2() != getResponseP2 || command.data().length != 0) {
      clearPending();
      return sw(SW_INCORRECT_P1P2);
    }
    if (pending == null) {
      return sw(SW_CONDITIONS_NOT_SATISFIED);
    }
    int remaining = pending.length - pendingOffset;
    int le = command.hasLe() ? command.le() : 256;
    int count = Math.min(le, remaining);
    byte[] answer = new byte[count + 2];
    System.arraycopy(pending, pendingOffset, answer, 0, count);
    pendingOffset += count;
    int left = pending.length - pendingOffset;
    int status = left == 0 ? SW_OK : 0x6100 | Math.min(left, 256) & 0xFF;
    if (left == 0) {
      clearPending();
    }
    answer[count] = (byte) (status >>> 8);
    answer[count + 1] = (byte) status;
    return answer;
  }

  /**
   * CPLC as {@code 9F 7F 2D} + 45 bytes: the 42 GlobalPlatform bytes (IC fabricator, IC type, ..., IC serial
   * number at offset 12) followed by 3 more, as Thai ID cards answer.
   */
  private byte[] cplc() {
    byte[] chip = HexFormat.of().parseHex(profile.chipId());
    byte[] value = new byte[45];
    System.arraycopy(chip, 0, value, 0, 4);
    byte[] rest = HexFormat.of().parseHex("4791" + "1219" + "0300" + "2133");
    System.arraycopy(rest, 0, value, 4, rest.length);
    System.arraycopy(chip, 4, value, 12, 4);
    byte[] tail = HexFormat.of().parseHex("0A1C" + "4812" + "2140" + "4790" + "2141" + "0000" + "0000"
        + "00000000" + "0000" + "0000" + "00000000" + "000000");
    System.arraycopy(tail, 0, value, 16, tail.length);
    byte[] answer = new byte[3 + value.length];
    answer[0] = (byte) 0x9F;
    answer[1] = 0x7F;
    answer[2] = (byte) value.length;
    System.arraycopy(value, 0, answer, 3, value.length);
    return answer;
  }

  private void setTries(int tries) {
    triesRemaining = Math.max(0, tries);
    pinCounters.save(profile.name(), triesRemaining);
  }

  private byte[] respondLater(byte[] data) {
    pending = data;
    pendingOffset = 0;
    return sw(0x6100 | (data.length >= 256 ? 0 : data.length));
  }

  private void clearPending() {
    if (pending != null) {
      Arrays.fill(pending, (byte) 0);
    }
    pending = null;
    pendingOffset = 0;
  }

  private static byte[] sw(int sw) {
    return new byte[] {(byte) (sw >>> 8), (byte) sw};
  }

  @Override
  public String toString() {
    return "SimulatedThaiIdCard[" + profile.name() + "]";
  }
}
