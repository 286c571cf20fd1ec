package io.linkgate.session;

import io.linkgate.http.JsonBody;
import java.time.LocalDate;
import java.util.Base64;
import java.util.regex.Pattern;

/** A card-edge login: the card's identity and answer, signed by the enrolled device. */
public record LoginRequest(String challengeId, String citizenId, String chipId, String laserId, LocalDate cardExpiry,
                           byte[] cardAnswer, String deviceId, byte[] signature) {

  static final Pattern CHIP_ID = Pattern.compile("[0-9A-F]{4,64}");
  static final Pattern LASER_ID = Pattern.compile("[A-Z]{2}\\d{10}");
  static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{2,63}");

  public static LoginRequest parse(JsonBody body) {
    JsonBody card = body.object("card");
    return new LoginRequest(
        body.string("challengeId", 200),
        card.citizenId("citizenId"),
        card.matching("chipId", CHIP_ID, "4 to 64 upper-case hex digits"),
        card.matching("laserId", LASER_ID, "2 letters and 10 digits, e.g. ME0123456789"),
        card.optionalDate("expiryDate"),
        body.base64("cardAnswer", 512),
        body.matching("deviceId", DEVICE_ID, "3 to 64 letters, digits, '.', '_' or '-'"),
        body.base64("signature", 128));
  }

  /** The bytes the device signed. */
  public byte[] signedPayload() {
    return DeviceSignature.loginPayload(challengeId, citizenId, chipId, laserId,
        cardExpiry == null ? "lifetime" : cardExpiry.toString(), Base64.getEncoder().encodeToString(cardAnswer), deviceId);
  }

  @Override
  public String toString() {
    return "LoginRequest[device=" + deviceId + ", card redacted]";
  }
}
