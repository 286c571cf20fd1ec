package io.linkgate.cardedge.card;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;

/** Builds {@link CardData} from the raw fields of the Thai ID applet. */
final class CardDataDecoder {

  private CardDataDecoder() {
  }

  static CardData decode(Map<ThaiIdField, byte[]> fields, byte[] photoArea, String chipId, String laserId)
      throws CardAccessException {
    String birthRaw = ascii(fields.get(ThaiIdField.DATE_OF_BIRTH));
    LocalDate issueDate = BuddhistEraDate.parse(ascii(fields.get(ThaiIdField.ISSUE_DATE)))
        .orElseThrow(() -> new CardAccessException(CardAccessException.Reason.COMMUNICATION,
            "The card's issue date is unreadable"));
    return new CardData(
        ascii(fields.get(ThaiIdField.CITIZEN_ID)),
        chipId,
        laserId,
        CardTextFields.name(ThaiText.decode(fields.get(ThaiIdField.THAI_NAME))),
        CardTextFields.name(ThaiText.decode(fields.get(ThaiIdField.ENGLISH_NAME))),
        BuddhistEraDate.parse(birthRaw),
        birthRaw,
        gender(ascii(fields.get(ThaiIdField.GENDER))),
        ascii(fields.get(ThaiIdField.REQUEST_NUMBER)),
        ThaiText.decode(fields.get(ThaiIdField.ISSUER)),
        issueDate,
        BuddhistEraDate.expiry(ascii(fields.get(ThaiIdField.EXPIRY_DATE))),
        ascii(fields.get(ThaiIdField.CARD_TYPE)),
        CardTextFields.address(ThaiText.decode(fields.get(ThaiIdField.ADDRESS))),
        JpegPhoto.extract(photoArea));
  }

  /** Numeric fields are plain ASCII digits with the same padding as text. */
  private static String ascii(byte[] field) {
    int end = field.length;
    while (end > 0 && (field[end - 1] == 0x00 || field[end - 1] == 0x20)) {
      end--;
    }
    return new String(field, 0, end, StandardCharsets.US_ASCII).strip();
  }

  private static int gender(String raw) {
    return switch (raw) {
      case "1" -> 1;
      case "2" -> 2;
      default -> 0;
    };
  }
}
