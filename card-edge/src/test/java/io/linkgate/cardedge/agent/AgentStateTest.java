package io.linkgate.cardedge.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What the local API's GET /session shows of the agent's state. */
class AgentStateTest {

  static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");

  static JsonObject login(Instant expiresAt) {
    return new JsonObject().put("token", "tok-1").put("expiresAt", expiresAt.toString()).put("idleTimeoutSeconds", 1800)
        .put("officer", new JsonObject().put("displayName", "Officer"));
  }

  @Test
  void should_hand_out_the_token_of_a_live_session() {
    AgentState state = new AgentState(Clock.fixed(NOW, ZoneOffset.UTC));
    state.cardInserted("reader-1");
    state.sessionOpened(login(NOW.plusSeconds(60)));
    JsonObject shown = state.describe();
    assertEquals("active", shown.getString("state"));
    assertEquals("tok-1", shown.getString("token"));
  }

  /** The token was handed out until the next heartbeat's 401, up to a heartbeat interval after the session's end. */
  @Test
  void should_not_hand_out_the_token_of_a_session_past_its_expiry() {
    AgentState state = new AgentState(Clock.fixed(NOW, ZoneOffset.UTC));
    state.cardInserted("reader-1");
    state.sessionOpened(login(NOW));
    JsonObject shown = state.describe();
    assertEquals("card-inserted", shown.getString("state"));
    assertNull(shown.getString("token"));
    assertNull(shown.getString("expiresAt"));
  }
}
