package io.linkgate.cardedge.card;

/**
 * The fields of the Thai ID applet's data file: read with {@code 80 B0 P1 P2 02 00 Le}, where P1 P2 is the
 * field's offset in the file and Le its length.
 */
public enum ThaiIdField {
  CARD_VERSION(0x0000, 0x04),
  CITIZEN_ID(0x0004, 0x0D),
  THAI_NAME(0x0011, 0x64),
  ENGLISH_NAME(0x0075, 0x64),
  DATE_OF_BIRTH(0x00D9, 0x08),
  GENDER(0x00E1, 0x01),
  REQUEST_NUMBER(0x00E2, 0x14),
  ISSUER(0x00F6, 0x64),
  ISSUE_DATE(0x0167, 0x08),
  EXPIRY_DATE(0x016F, 0x08),
  CARD_TYPE(0x0177, 0x02),
  ADDRESS(0x1579, 0x64);

  /** The photo is read in {@link #PHOTO_CHUNKS} chunks of {@link #PHOTO_CHUNK_LENGTH} from this offset. */
  public static final int PHOTO_OFFSET = 0x017B;
  public static final int PHOTO_CHUNK_LENGTH = 0xFF;
  public static final int PHOTO_CHUNKS = 20;

  private final int offset;
  private final int length;

  ThaiIdField(int offset, int length) {
    this.offset = offset;
    this.length = length;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  /** Offset of photo chunk {@code index} (0..19): {@code 01 7B, 02 7A, ..., 14 68}. */
  public static int photoChunkOffset(int index) {
    if (index < 0 || index >= PHOTO_CHUNKS) {
      throw new IllegalArgumentException("photo chunk index out of range: " + index);
    }
    return PHOTO_OFFSET + index * PHOTO_CHUNK_LENGTH;
  }
}
