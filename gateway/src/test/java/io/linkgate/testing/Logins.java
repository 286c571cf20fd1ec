package io.linkgate.testing;

import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.sandbox.CardKeys;
import io.linkgate.session.DeviceSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.LocalDate;
import java.util.Base64;

/**
 * Builds login requests at the protocol level, for tests of the gateway's checks: the card's answer is
 * computed the way the sandbox (in DOPA's role) expects from a simulated card.
 */
public final class Logins {

  public static final byte[] DEMO_ISSUER_KEY = sha256("linkgate sandbox card issuer (demo only)");

  private final WebClient api;

  public Logins(WebClient api) {
    this.api = api;
  }

  /** A card as the login sends it. */
  public record Card(String citizenId, String chipId, String laserId, LocalDate expiry) {
    public Card withExpiry(LocalDate e) {
      return new Card(citizenId, chipId, laserId, e);
    }
  }

  public static Card card(String citizenId) {
    return new Card(citizenId, "4790" + citizenId.substring(5, 13).replaceAll("[^0-9]", "0") + "0000", "ME0123456789", LocalDate.of(2031, 5, 1));
  }

  public JsonObject challenge() {
    HttpResponse<Buffer> r = api.post("/v1/sessions/challenge").send().await();
    if (r.statusCode() != 200) {
      throw new AssertionError("challenge: " + r.statusCode() + " " + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }

  /** A correctly signed login body for {@code card} on {@code deviceId} answering {@code challenge}. */
  public static JsonObject body(JsonObject challenge, Card card, String deviceId, DeviceKey key) {
    byte[] nonce = Base64.getDecoder().decode(challenge.getString("nonce"));
    return signed(challenge.getString("challengeId"), card, answer(card, nonce), deviceId, key);
  }

  /** The simulated {@code card}'s answer to {@code nonce}, as the sandbox expects it. */
  public static byte[] answer(Card card, byte[] nonce) {
    return CardKeys.cryptogram(CardKeys.cardKey(DEMO_ISSUER_KEY, card.citizenId(), card.chipId()), nonce);
  }

  public static JsonObject signed(String challengeId, Card card, byte[] answer, String deviceId, DeviceKey key) {
    String answerB64 = Base64.getEncoder().encodeToString(answer);
    String expiry = card.expiry() == null ? "lifetime" : card.expiry().toString();
    byte[] sig = key.sign(DeviceSignature.loginPayload(challengeId, card.citizenId(), card.chipId(), card.laserId(), expiry, answerB64, deviceId));
    return new JsonObject()
        .put("challengeId", challengeId)
        .put("card", new JsonObject().put("citizenId", card.citizenId()).put("chipId", card.chipId())
            .put("laserId", card.laserId()).put("expiryDate", card.expiry() == null ? null : card.expiry().toString()))
        .put("cardAnswer", answerB64)
        .put("deviceId", deviceId)
        .put("signature", Base64.getEncoder().encodeToString(sig));
  }

  public HttpResponse<Buffer> post(JsonObject body) {
    return api.post("/v1/sessions").sendJsonObject(body).await();
  }

  /** Logs in and returns the token; fails the test if the gateway refuses. */
  public String login(Card card, String deviceId, DeviceKey key) {
    HttpResponse<Buffer> r = post(body(challenge(), card, deviceId, key));
    if (r.statusCode() != 201) {
      throw new AssertionError("login refused: " + r.statusCode() + " " + r.bodyAsString());
    }
    return r.bodyAsJsonObject().getString("token");
  }

  public HttpResponse<Buffer> reportPin(Card card, String outcome, int tries, String deviceId, DeviceKey key) {
    String challengeId = challenge().getString("challengeId");
    byte[] sig = key.sign(DeviceSignature.pinFailurePayload(challengeId, card.citizenId(), card.chipId(), outcome, tries, deviceId));
    return api.post("/v1/sessions/pin-failures").sendJsonObject(new JsonObject()
        .put("challengeId", challengeId)
        .put("card", new JsonObject().put("citizenId", card.citizenId()).put("chipId", card.chipId()))
        .put("outcome", outcome).put("triesRemaining", tries).put("deviceId", deviceId)
        .put("signature", Base64.getEncoder().encodeToString(sig))).await();
  }

  private static byte[] sha256(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
