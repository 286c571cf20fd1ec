package io.linkgate.cardedge.login;

import io.linkgate.cardedge.card.CardAccessException;
import io.linkgate.cardedge.card.CardData;
import io.linkgate.cardedge.card.CardOperations;
import io.linkgate.cardedge.card.PinFormat;
import io.linkgate.cardedge.card.PinResult;
import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.cardedge.gateway.GatewayClient;
import io.linkgate.cardedge.gateway.GatewayRefusal;
import io.linkgate.cardedge.gateway.GatewayUnreachable;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Base64;

/**
 * One card login, blocking (call it from the reader thread or the command line, never from an event loop):
 * read the card, ask the gateway for a challenge, have the card verify the PIN and answer the challenge,
 * and post everything signed by the device key. A PIN the card refuses is reported to the gateway (signed),
 * never the PIN itself; the officer hears the card's verdict even when that report cannot be delivered.
 */
public final class CardLogin {

  /** What an officer whose PIN is blocked must do (DOMAIN: a new PIN is requested in person). */
  static final String WHAT_NOW_BLOCKED =
      "Request a new PIN in person at a district registration office; an admin then unlocks you in LinkGate.";

  private final GatewayClient gateway;
  private final DeviceKey key;
  private final String deviceId;

  public CardLogin(GatewayClient gateway, DeviceKey key) {
    this.gateway = gateway;
    this.key = key;
    this.deviceId = key.deviceId();
  }

  /** Opens a session; the PIN array is wiped before this returns. Returns the gateway's session JSON. */
  public JsonObject login(CardOperations card, char[] pin) throws CardAccessException, LoginFailure {
    try {
      return login(card, card.read(), pin);
    } finally {
      Arrays.fill(pin, '\0');
    }
  }

  /**
   * Opens a session with the card's data already read from this card ({@link CardOperations#read()}), so that a
   * caller can make sure the card is a readable Thai ID card before it asks the officer for the PIN. The PIN array
   * is wiped before this returns.
   */
  public JsonObject login(CardOperations card, CardData data, char[] pin) throws CardAccessException, LoginFailure {
    PinResult verdict;
    GatewayClient.Challenge challenge;
    try {
      if (!PinFormat.wellFormed(pin)) {
        throw new IllegalArgumentException(PinFormat.RULE);
      }
      // the challenge is asked before the PIN is sent: the card's verified state then lasts from VERIFY to INTERNAL
      // AUTHENTICATE with no network call between, which another program sharing the reader could use or reset;
      // and a gateway out of reach costs the officer no PIN try
      challenge = gateway.challenge().await();
      verdict = card.verifyPin(pin);
    } finally {
      Arrays.fill(pin, '\0');
    }
    if (verdict instanceof PinResult.Wrong wrong) {
      String untold = report(data, wrong.triesRemaining() == 0 ? "PIN_BLOCKED" : "WRONG_PIN", wrong.triesRemaining());
      if (wrong.triesRemaining() == 0) {
        throw new LoginFailure(LoginFailure.Kind.PIN_BLOCKED, 0, "Wrong PIN: the card is now blocked. " + WHAT_NOW_BLOCKED + untold);
      }
      throw new LoginFailure(LoginFailure.Kind.WRONG_PIN, wrong.triesRemaining(), "Wrong PIN: " + wrong.triesRemaining()
          + " tr" + (wrong.triesRemaining() == 1 ? "y" : "ies") + " left before the card blocks." + untold);
    }
    if (verdict instanceof PinResult.Blocked) {
      throw blocked(data);
    }
    byte[] answer = card.authenticate(challenge.nonce());
    String answerB64 = Base64.getEncoder().encodeToString(answer);
    String expiry = data.expiryDate().map(Object::toString).orElse("lifetime");
    byte[] signature = key.sign(SignedPayloads.login(challenge.id(), data.citizenId(), data.chipId(), data.laserId(), expiry, answerB64, deviceId));
    JsonObject cardJson = new JsonObject()
        .put("citizenId", data.citizenId())
        .put("chipId", data.chipId())
        .put("laserId", data.laserId())
        .put("expiryDate", data.expiryDate().map(Object::toString).orElse(null));
    return gateway.login(new JsonObject()
        .put("challengeId", challenge.id())
        .put("card", cardJson)
        .put("cardAnswer", answerB64)
        .put("deviceId", deviceId)
        .put("signature", Base64.getEncoder().encodeToString(signature))).await();
  }

  /**
   * The failure for a card whose PIN is blocked, found by VERIFY or by asking the card before any PIN was typed
   * ({@link CardOperations#pinTriesRemaining()} 0): the gateway is told (signed; it locks the officer), and the
   * officer what to do.
   */
  public LoginFailure blocked(CardData data) {
    return new LoginFailure(LoginFailure.Kind.PIN_BLOCKED, 0, "The card's PIN is blocked. " + WHAT_NOW_BLOCKED
        + report(data, "PIN_BLOCKED", 0));
  }

  /**
   * Tells the gateway the card refused the PIN. What the card said is what the officer must hear, whatever the
   * gateway does with the report: a report that does not get through (the gateway unreachable, a proxy's 503, a
   * refusal) is named after the card's verdict instead of replacing it, so that nobody retries a PIN believing
   * the gateway failed. Returns "" when the gateway took the report (a 423 for a blocked PIN is expected), or a
   * sentence saying it could not be told.
   */
  private String report(CardData data, String outcome, int tries) {
    try {
      GatewayClient.Challenge challenge = gateway.challenge().await();
      byte[] signature = key.sign(SignedPayloads.pinFailure(challenge.id(), data.citizenId(), data.chipId(), outcome, tries, deviceId));
      gateway.reportPinFailure(new JsonObject()
          .put("challengeId", challenge.id())
          .put("card", new JsonObject().put("citizenId", data.citizenId()).put("chipId", data.chipId()))
          .put("outcome", outcome)
          .put("triesRemaining", tries)
          .put("deviceId", deviceId)
          .put("signature", Base64.getEncoder().encodeToString(signature))).await();
      return "";
    } catch (GatewayRefusal refusal) {
      return refusal.status() == 423 ? "" : " LinkGate could not be told: " + refusal.getMessage();
    } catch (GatewayUnreachable unreachable) {
      return " LinkGate could not be told: " + unreachable.getMessage();
    }
  }
}
