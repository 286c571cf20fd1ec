package io.linkgate.cardedge.sim;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Thai ID applet's data file as a simulated card stores it: one byte array in which READ's P1 P2 is the
 * offset. The layout is written down here independently of the reader's {@code ThaiIdField} on purpose, so
 * that tests compare two implementations of the same public layout. Text is TIS-620, padded with spaces; the
 * unused tail of the photo area is space-padded too, like on real cards (which is why readers must never trim
 * the photo as text).
 */
final class ThaiIdCardImage {

  static final int CARD_VERSION = 0x0000;
  static final int CITIZEN_ID = 0x0004;
  static final int THAI_NAME = 0x0011;
  static final int ENGLISH_NAME = 0x0075;
  static final int BIRTH_DATE = 0x00D9;
  static final int GENDER = 0x00E1;
  static final int REQUEST_NUMBER = 0x00E2;
  static final int ISSUER = 0x00F6;
  static final int ISSUER_CODE = 0x015A;
  static final int ISSUE_DATE = 0x0167;
  static final int EXPIRY_DATE = 0x016F;
  static final int CARD_TYPE = 0x0177;
  static final int PHOTO = 0x017B;
  static final int PHOTO_LENGTH = 20 * 0xFF;
  static final int ADDRESS = 0x1579;
  static final int SIZE = ADDRESS + 0x64;

  private static final Charset TIS_620 = Charset.forName("TIS-620");

  private ThaiIdCardImage() {
  }

  static byte[] of(SimulatedCardProfile profile) {
    byte[] image = new byte[SIZE];
    Arrays.fill(image, (byte) 0x20);
    ascii(image, CARD_VERSION, 4, profile.cardVersion());
    ascii(image, CITIZEN_ID, 13, profile.citizenId());
    thai(image, THAI_NAME, 100, profile.thaiName());
    thai(image, ENGLISH_NAME, 100, profile.englishName());
    ascii(image, BIRTH_DATE, 8, profile.birthDateRaw());
    ascii(image, GENDER, 1, Integer.toString(profile.gender()));
    ascii(image, REQUEST_NUMBER, 20, profile.requestNumber());
    thai(image, ISSUER, 100, profile.issuer());
    ascii(image, ISSUER_CODE, 13, "1008" + profile.citizenId().substring(4, 12));
    ascii(image, ISSUE_DATE, 8, profile.issueDateRaw());
    ascii(image, EXPIRY_DATE, 8, profile.expiryRaw());
    ascii(image, CARD_TYPE, 2, profile.cardType());
    byte[] photo = profile.photo();
    System.arraycopy(photo, 0, image, PHOTO, photo.length);
    thai(image, ADDRESS, 100, profile.address());
    return image;
  }

  private static void ascii(byte[] image, int offset, int capacity, String value) {
    put(image, offset, capacity, value.getBytes(StandardCharsets.US_ASCII));
  }

  private static void thai(byte[] image, int offset, int capacity, String value) {
    CharsetEncoder encoder = TIS_620.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      ByteBuffer encoded = encoder.encode(CharBuffer.wrap(value));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      put(image, offset, capacity, bytes);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("Text not representable in TIS-620 at offset " + offset, e);
    }
  }

  private static void put(byte[] image, int offset, int capacity, byte[] bytes) {
    if (bytes.length > capacity) {
      throw new IllegalArgumentException("Field at offset " + offset + " longer than " + capacity + " bytes");
    }
    System.arraycopy(bytes, 0, image, offset, bytes.length);
  }
}
