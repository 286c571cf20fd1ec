package io.linkgate.cardedge.sim;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything a simulated Thai ID card holds, as the card stores it: names as {@code prefix#first#middle#last},
 * the address as {@code house#moo#lane#road#?#subdistrict#district#province}, Buddhist-era {@code YYYYMMDD}
 * dates (raw, so incomplete or lifetime values can be expressed), the JPEG photo, the chip's identity, its ATR
 * and its PIN. Built with {@link #builder(String)}, which validates every field.
 *
 * @param name        the profile's name, also the key of its PIN counter ({@code [a-z0-9-]})
 * @param gender      1 male, 2 female
 * @param expiryRaw   {@code 99999999} for a lifetime card
 * @param chipId      16 uppercase hex digits: CPLC IC fabricator, IC type, IC serial number
 * @param laserId     2 letters and 10 digits
 */
public record SimulatedCardProfile(
    String name,
    String citizenId,
    String thaiName,
    String englishName,
    int gender,
    String birthDateRaw,
    String issueDateRaw,
    String expiryRaw,
    String issuer,
    String address,
    String requestNumber,
    String cardType,
    String cardVersion,
    byte[] photo,
    String chipId,
    String laserId,
    byte[] atr,
    String pin) {

  /** The expiry value lifetime cards carry. */
  public static final String LIFETIME = "99999999";
  /** ATR of the first-generation chip (wants GET RESPONSE {@code 00 C0 00 01}). */
  public static final byte[] OLD_CHIP_ATR = HexFormat.of().parseHex("3B6700002920006F789000");
  /** ATR of the current chip (wants GET RESPONSE {@code 00 C0 00 00}). */
  public static final byte[] NEW_CHIP_ATR = HexFormat.of().parseHex("3B7918000054482D494420534D43");

  private static final Pattern PROFILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Pattern CITIZEN_ID = Pattern.compile("\\d{13}");
  private static final Pattern BE_DATE = Pattern.compile("\\d{8}");
  private static final Pattern CHIP_ID = Pattern.compile("[0-9A-F]{16}");
  private static final Pattern LASER_ID = Pattern.compile("[A-Z]{2}\\d{10}");
  private static final Pattern PIN = Pattern.compile("\\d{4}");
  private static final int PHOTO_CAPACITY = 20 * 0xFF;

  public SimulatedCardProfile {
    check(PROFILE_NAME.matcher(name).matches(), "name");
    check(CITIZEN_ID.matcher(citizenId).matches(), "citizenId");
    check(thaiName.chars().filter(c -> c == '#').count() == 3, "thaiName (prefix#first#middle#last)");
    check(englishName.chars().filter(c -> c == '#').count() == 3, "englishName (prefix#first#middle#last)");
    check(gender == 1 || gender == 2, "gender (1 male, 2 female)");
    check(BE_DATE.matcher(birthDateRaw).matches(), "birthDateRaw");
    check(BE_DATE.matcher(issueDateRaw).matches(), "issueDateRaw");
    check(BE_DATE.matcher(expiryRaw).matches(), "expiryRaw");
    check(photo.length >= 4 && photo.length <= PHOTO_CAPACITY, "photo (a JPEG of at most 5100 bytes)");
    check(CHIP_ID.matcher(chipId).matches(), "chipId (16 uppercase hex digits)");
    check(LASER_ID.matcher(laserId).matches(), "laserId (2 letters, 10 digits)");
    check(atr.length >= 2 && atr[0] == 0x3B, "atr");
    check(PIN.matcher(pin).matches(), "pin (4 digits)");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(requestNumber, "requestNumber");
    Objects.requireNonNull(cardType, "cardType");
    Objects.requireNonNull(cardVersion, "cardVersion");
    photo = photo.clone();
    atr = atr.clone();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder starting from this profile, e.g. to give a test card another PIN or ATR. */
  public Builder toBuilder() {
    return new Builder(name).citizenId(citizenId).thaiName(thaiName).englishName(englishName).gender(gender)
        .birthDate(birthDateRaw).issueDate(issueDateRaw).expiryDate(expiryRaw).issuer(issuer).address(address)
        .requestNumber(requestNumber).cardType(cardType).cardVersion(cardVersion).photo(photo).chipId(chipId)
        .laserId(laserId).atr(atr).pin(pin);
  }

  @Override
  public byte[] photo() {
    return photo.clone();
  }

  @Override
  public byte[] atr() {
    return atr.clone();
  }

  public boolean lifetime() {
    return LIFETIME.equals(expiryRaw);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SimulatedCardProfile other && name.equals(other.name) && citizenId.equals(other.citizenId)
        && thaiName.equals(other.thaiName) && englishName.equals(other.englishName) && gender == other.gender
        && birthDateRaw.equals(other.birthDateRaw) && issueDateRaw.equals(other.issueDateRaw)
        && expiryRaw.equals(other.expiryRaw) && issuer.equals(other.issuer) && address.equals(other.address)
        && requestNumber.equals(other.requestNumber) && cardType.equals(other.cardType)
        && cardVersion.equals(other.cardVersion) && Arrays.equals(photo, other.photo)
        && chipId.equals(other.chipId) && laserId.equals(other.laserId) && Arrays.equals(atr, other.atr)
        && pin.equals(other.pin);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, citizenId, chipId);
  }

  /** Names the profile only: card data and the PIN stay out of logs. */
  @Override
  public String toString() {
    return "SimulatedCardProfile[" + name + "]";
  }

  private static void check(boolean valid, String field) {
    if (!valid) {
      throw new IllegalArgumentException("Invalid simulated card profile field: " + field);
    }
  }

  /** Builds a {@link SimulatedCardProfile}; {@link #build()} validates. */
  public static final class Builder {
    private final String name;
    private String citizenId;
    private String thaiName;
    private String englishName;
    private int gender;
    private String birthDateRaw;
    private String issueDateRaw;
    private String expiryRaw;
    private String issuer = "";
    private String address = "";
    private String requestNumber = "";
    private String cardType = "01";
    private String cardVersion = "0003";
    private byte[] photo;
    private String chipId;
    private String laserId;
    private byte[] atr = NEW_CHIP_ATR;
    private String pin = "1234";

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder citizenId(String value) {
      this.citizenId = value;
      return this;
    }

    public Builder thaiName(String value) {
      this.thaiName = value;
      return this;
    }

    public Builder englishName(String value) {
      this.englishName = value;
      return this;
    }

    public Builder gender(int value) {
      this.gender = value;
      return this;
    }

    public Builder birthDate(String buddhistEraRaw) {
      this.birthDateRaw = buddhistEraRaw;
      return this;
    }

    public Builder issueDate(String buddhistEraRaw) {
      this.issueDateRaw = buddhistEraRaw;
      return this;
    }

    public Builder expiryDate(String buddhistEraRaw) {
      this.expiryRaw = buddhistEraRaw;
      return this;
    }

    public Builder lifetime() {
      this.expiryRaw = LIFETIME;
      return this;
    }

    public Builder issuer(String value) {
      this.issuer = value;
      return this;
    }

    public Builder address(String value) {
      this.address = value;
      return this;
    }

    public Builder requestNumber(String value) {
      this.requestNumber = value;
      return this;
    }

    public Builder cardType(String value) {
      this.cardType = value;
      return this;
    }

    public Builder cardVersion(String value) {
      this.cardVersion = value;
      return this;
    }

    public Builder photo(byte[] jpeg) {
      this.photo = jpeg.clone();
      return this;
    }

    public Builder chipId(String value) {
      this.chipId = value;
      return this;
    }

    public Builder laserId(String value) {
      this.laserId = value;
      return this;
    }

    public Builder atr(byte[] value) {
      this.atr = value.clone();
      return this;
    }

    public Builder pin(String value) {
      this.pin = value;
      return this;
    }

    public SimulatedCardProfile build() {
      check(citizenId != null && thaiName != null && englishName != null && birthDateRaw != null
          && issueDateRaw != null && expiryRaw != null && photo != null && chipId != null && laserId != null,
          "missing (citizenId, names, dates, photo, chipId and laserId are required)");
      return new SimulatedCardProfile(name, citizenId, thaiName, englishName, gender, birthDateRaw, issueDateRaw,
          expiryRaw, issuer, address, requestNumber, cardType, cardVersion, photo, chipId, laserId, atr, pin);
    }
  }
}
