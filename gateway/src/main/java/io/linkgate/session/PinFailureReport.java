package io.linkgate.session;

import io.linkgate.http.JsonBody;
import io.linkgate.http.Problems;
import java.util.regex.Pattern;

/** card-edge's signed report that the card refused the PIN (the PIN itself never leaves the workstation). */
public record PinFailureReport(String challengeId, String citizenId, String chipId, Outcome outcome, int triesRemaining,
                               String deviceId, byte[] signature) {

  public enum Outcome { WRONG_PIN, PIN_BLOCKED }

  private static final Pattern OUTCOME = Pattern.compile("WRONG_PIN|PIN_BLOCKED");

  public static PinFailureReport parse(JsonBody body) {
    JsonBody card = body.object("card");
    Outcome outcome = Outcome.valueOf(body.matching("outcome", OUTCOME, "WRONG_PIN or PIN_BLOCKED"));
    int tries = body.integer("triesRemaining", 0, 15);
    if (outcome == Outcome.PIN_BLOCKED && tries != 0) {
      throw Problems.BAD_REQUEST.exception("Field 'triesRemaining' must be 0 when the outcome is PIN_BLOCKED.").with("field", "triesRemaining");
    }
    return new PinFailureReport(
        body.string("challengeId", 200),
        card.citizenId("citizenId"),
        card.matching("chipId", LoginRequest.CHIP_ID, "4 to 64 upper-case hex digits"),
        outcome, tries,
        body.matching("deviceId", LoginRequest.DEVICE_ID, "3 to 64 letters, digits, '.', '_' or '-'"),
        body.base64("signature", 128));
  }

  /**
   * Whether the card is now blocked: it said so, or it had no tries left after this wrong PIN (VERIFY's {@code 63 C0}):
   * three wrong entries make the PIN unusable, whatever the workstation called the last one.
   */
  public boolean blocked() {
    return outcome == Outcome.PIN_BLOCKED || triesRemaining == 0;
  }

  public byte[] signedPayload() {
    return DeviceSignature.pinFailurePayload(challengeId, citizenId, chipId, outcome.name(), triesRemaining, deviceId);
  }

  @Override
  public String toString() {
    return "PinFailureReport[device=" + deviceId + ", outcome=" + outcome + ", card redacted]";
  }
}
