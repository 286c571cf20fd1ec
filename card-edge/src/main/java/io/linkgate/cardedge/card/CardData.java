package io.linkgate.cardedge.card;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The public data of a Thai national ID card, decoded (TIS-620 text, Buddhist-era dates converted).
 *
 * @param citizenId     13 digits
 * @param chipId        hex of the chip's identity (GlobalPlatform CPLC: IC fabricator, IC type, IC serial)
 * @param laserId       the laser code printed on the back, e.g. {@code ME0123456789} (2 letters, 10 digits)
 * @param dateOfBirth   empty when the card carries an incomplete date (Buddhist-era day or month 00)
 * @param birthDateRaw  the card's Buddhist-era {@code YYYYMMDD} as stored
 * @param expiryDate    empty for a lifetime card (out-of-range expiry value)
 * @param gender        1 male, 2 female
 * @param photo         the JPEG, never trimmed
 */
public record CardData(
    String citizenId,
    String chipId,
    String laserId,
    Name thaiName,
    Name englishName,
    Optional<LocalDate> dateOfBirth,
    String birthDateRaw,
    int gender,
    String requestNumber,
    String issuer,
    LocalDate issueDate,
    Optional<LocalDate> expiryDate,
    String cardType,
    Address address,
    byte[] photo) {

  /** A name as the card stores it: {@code prefix#first#middle#last}. */
  public record Name(String prefix, String first, String middle, String last) {

    public String full() {
      StringBuilder sb = new StringBuilder(prefix).append(first);
      if (!middle.isEmpty()) {
        sb.append(' ').append(middle);
      }
      return sb.append(' ').append(last).toString().trim();
    }
  }

  /** The registered address: {@code house#moo#lane#road#?#subdistrict#district#province}. */
  public record Address(String houseNo, String moo, String lane, String road, String subdistrict,
                        String district, String province) {
  }

  public boolean lifetime() {
    return expiryDate.isEmpty();
  }

  @Override
  public String toString() {
    return "CardData[redacted]";
  }
}
