package io.linkgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.registry.DemoData;
import io.linkgate.testing.Logins;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.TwoGateways;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session moved to another instance (a failover, the load balancer's hash changed) is idle only once the idle timeout
 * has passed since its last use there too: the last use PostgreSQL has may be up to touchInterval behind it.
 */
class SessionIdleAcrossInstancesTest {

  @TempDir
  Path dir;

  @Test
  void should_not_end_a_session_as_idle_on_another_instance_before_its_idle_timeout_since_the_last_use() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
    try (TwoGateways two = new TwoGateways(dir, clock, Map.of("session.idleTimeout", "15m", "session.touchInterval", "30s"))) {
      WebClient toA = two.toA;
      WebClient toB = two.toB;
      String token = new Logins(toA).login(Logins.card(DemoData.OFFICERS.get(0).citizenId()), DemoData.DEVICE_ID, DeviceKey.demo());
      clock.advance(Duration.ofSeconds(20));
      assertEquals(204, toA.post("/v1/sessions/current/heartbeat").bearerTokenAuthentication(token).send().await().statusCode());
      // instance A goes away; nginx's consistent hash sends the session to B. Last use 14 min 45 s ago.
      clock.advance(Duration.ofMinutes(14).plusSeconds(45));
      HttpResponse<Buffer> r = toB.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await();
      assertEquals(200, r.statusCode(), "ended before its idle timeout: " + r.bodyAsString());
      // and idle on B once the timeout has passed since that use, with the allowance: 15 min 30 s after PostgreSQL's
      clock.advance(Duration.ofMinutes(16));
      HttpResponse<Buffer> idle = toB.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await();
      assertEquals(401, idle.statusCode(), idle.bodyAsString());
    }
  }

  /**
   * The instance that wrote a session's last use down itself ends it after exactly the idle timeout, even once it has
   * read the session again from PostgreSQL (which then holds that very time): it allowed touchInterval more, and a
   * request in that window revived the session.
   */
  @Test
  void should_end_a_session_after_exactly_its_idle_timeout_on_the_instance_that_wrote_its_last_use() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-02T03:00:00Z"));
    try (TwoGateways two = new TwoGateways(dir, clock, Map.of("session.idleTimeout", "15m", "session.touchInterval", "30s",
        "session.cacheTtl", "1m"))) {
      String token = new Logins(two.toA).login(Logins.card(DemoData.OFFICERS.get(0).citizenId()), DemoData.DEVICE_ID, DeviceKey.demo());
      clock.advance(Duration.ofSeconds(40));
      assertEquals(204, two.toA.post("/v1/sessions/current/heartbeat").bearerTokenAuthentication(token).send().await().statusCode());
      two.a.sessions().activityWritten().await(); // written down by A itself
      clock.advance(Duration.ofMinutes(15).plusSeconds(10)); // past the cache's time: A reads the session again
      HttpResponse<Buffer> r = two.toA.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await();
      assertEquals(401, r.statusCode(), "idle 15 min 10 s after its last use: " + r.bodyAsString());
    }
  }
}
