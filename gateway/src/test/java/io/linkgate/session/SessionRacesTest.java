package io.linkgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.registry.DemoData;
import io.linkgate.testing.Logins;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins racing what should stop them: a revocation committing meanwhile, a replay after the clean-up. */
class SessionRacesTest {

  @TempDir
  Path dir;

  private static String type(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getString("type").replace("urn:linkgate:problem:", "");
  }

  /**
   * A device revocation (the admin's transaction: revoke, end the device's open sessions, commit) under way while a
   * login on that device writes its session: the login waits for it and gets no session. It read the device as last
   * committed, its session was not among those the revocation ended, and it served until the clean-up (up to 15 s).
   */
  @Test
  void should_give_no_usable_session_to_a_login_racing_a_device_revocation() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
    try (RunningGateway running = RunningGateway.demo(dir, Map.of("session.cacheTtl", "30m"), clock)) {
      String url = running.dbUrl();
      Logins.Card card = Logins.card(DemoData.OFFICERS.get(0).citizenId());
      JsonObject body = Logins.body(running.logins().challenge(), card, DemoData.DEVICE_ID, DeviceKey.demo());
      try (Connection revoke = TestDatabase.connect(url)) {
        revoke.setAutoCommit(false);
        try (Statement s = revoke.createStatement()) {
          // what DeviceAdmin.revoke does in its transaction, up to (not including) its commit
          s.execute("UPDATE device SET revoked_at = now() WHERE id = '" + DemoData.DEVICE_ID + "'");
          s.execute("UPDATE card_session SET ended_at = now(), end_reason = 'DEVICE_REVOKED' WHERE device_id = '"
              + DemoData.DEVICE_ID + "' AND ended_at IS NULL");
        }
        Future<HttpResponse<Buffer>> login = running.api().post("/v1/sessions").sendJsonObject(body);
        Thread.sleep(1500); // the login runs its INSERT and read-back now (or waits on the device row, with a fix)
        revoke.commit();
        HttpResponse<Buffer> r = login.await();
        if (r.statusCode() == 201) {
          String token = r.bodyAsJsonObject().getString("token");
          Thread.sleep(1000); // "revocation reaches every instance within a second"
          HttpResponse<Buffer> after = running.api().get("/v1/sessions/current").bearerTokenAuthentication(token).send().await();
          assertEquals(401, after.statusCode(), "a session on a revoked device still serves after the revocation committed");
        } else {
          assertEquals(401, r.statusCode(), r.bodyAsString());
          assertEquals("device-unknown", type(r));
        }
      }
    }
  }

  /**
   * The clean-up forgot used challenges as soon as they expired by its instance's clock: with a clock stepped back
   * (NTP), or the clean-up run by an instance whose clock is ahead, a consumed challenge was unexpired again and
   * unknown, and the same signed login body opened a second session.
   */
  @Test
  void should_refuse_a_replayed_login_after_the_clean_up_when_the_clock_stepped_back() throws Exception {
    Instant start = Instant.parse("2026-11-02T03:00:00Z");
    MutableClock clock = new MutableClock(start);
    try (RunningGateway running = RunningGateway.demo(dir, Map.of("session.challengeTtl", "60s"), clock)) {
      Logins.Card card = Logins.card(DemoData.OFFICERS.get(0).citizenId());
      JsonObject body = Logins.body(running.logins().challenge(), card, DemoData.DEVICE_ID, DeviceKey.demo());
      assertEquals(201, running.logins().post(body).statusCode());
      assertEquals("challenge-reused", type(running.logins().post(body)));
      clock.advance(Duration.ofSeconds(90));
      running.gateway().sessions().cleanUp().await();
      clock.set(start.plusSeconds(20)); // stepped back 70 s; or: the clean-up ran on an instance 70 s ahead
      HttpResponse<Buffer> replay = running.logins().post(body);
      assertEquals(401, replay.statusCode(), "replayed login answered " + replay.statusCode());
      assertEquals("challenge-reused", type(replay));
    }
  }
}
