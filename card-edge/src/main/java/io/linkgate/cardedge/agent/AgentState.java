package io.linkgate.cardedge.agent;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the agent knows right now (card present? session open?) and the events it announces. Written by the
 * reader thread, read by the local API; listeners get every event in order.
 */
public final class AgentState {

  /** Where the officer is in the sign-in. */
  public enum Phase { NO_CARD, CARD_INSERTED, LOGGING_IN, ACTIVE }

  private final Clock clock;
  private final List<Consumer<JsonObject>> listeners = new CopyOnWriteArrayList<>();
  private volatile Phase phase = Phase.NO_CARD;
  private volatile String token;
  private volatile JsonObject session;
  private volatile String reader;

  public AgentState(Clock clock) {
    this.clock = clock;
  }

  public void subscribe(Consumer<JsonObject> listener) {
    listeners.add(listener);
  }

  public void unsubscribe(Consumer<JsonObject> listener) {
    listeners.remove(listener);
  }

  public synchronized void cardInserted(String readerName) {
    reader = readerName;
    phase = Phase.CARD_INSERTED;
    emit(event("card-inserted").put("reader", readerName));
  }

  /** A card inserted in {@code readerName} while the card in {@code inUse} is the one the agent works with. */
  public synchronized void cardIgnored(String readerName, String inUse) {
    emit(event("card-ignored").put("reader", readerName).put("inUse", inUse));
  }

  public synchronized void loggingIn() {
    phase = Phase.LOGGING_IN;
  }

  /** {@code login} is the gateway's answer: token, expiresAt, idleTimeoutSeconds, officer. */
  public synchronized void sessionOpened(JsonObject login) {
    token = login.getString("token");
    session = login.copy();
    session.remove("token");
    phase = Phase.ACTIVE;
    emit(event("session-opened").put("officer", officerSummary(login)).put("expiresAt", login.getString("expiresAt")));
  }

  public synchronized void loginFailed(String reason, String message) {
    phase = reader == null ? Phase.NO_CARD : Phase.CARD_INSERTED;
    emit(event("login-failed").put("reason", reason).put("message", message));
  }

  public synchronized void sessionClosed(String reason) {
    boolean had = token != null;
    token = null;
    session = null;
    if (phase == Phase.ACTIVE || phase == Phase.LOGGING_IN) {
      phase = reader == null ? Phase.NO_CARD : Phase.CARD_INSERTED;
    }
    if (had) {
      emit(event("session-closed").put("reason", reason));
    }
  }

  public synchronized void cardRemoved() {
    reader = null;
    phase = Phase.NO_CARD;
    emit(event("card-removed"));
  }

  public Phase phase() {
    return phase;
  }

  public String token() {
    return token;
  }

  /** The session as the local API shows it (with the token: callers are authorised). */
  public synchronized JsonObject describe() {
    JsonObject json = new JsonObject().put("state", phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    if (reader != null) {
      json.put("reader", reader);
    }
    if (token != null && session != null) {
      json.put("token", token).mergeIn(session);
    }
    return json;
  }

  private static JsonObject officerSummary(JsonObject login) {
    JsonObject officer = login.getJsonObject("officer", new JsonObject());
    return new JsonObject()
        .put("displayName", officer.getString("displayName"))
        .put("roles", officer.getJsonArray("roles"))
        .put("services", officer.getJsonArray("services"));
  }

  private JsonObject event(String type) {
    return new JsonObject().put("type", type).put("at", clock.instant().toString());
  }

  private void emit(JsonObject event) {
    for (Consumer<JsonObject> listener : listeners) {
      listener.accept(event.copy());
    }
  }
}
