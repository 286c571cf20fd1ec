package io.linkgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.registry.DemoData;
import io.linkgate.testing.Logins;
import io.linkgate.testing.TwoGateways;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two gateway instances on one database: a logout on one is refused by the other within a second. */
class SessionRevocationTest {

  @TempDir
  Path dir;

  @Test
  void should_refuse_a_logged_out_token_on_every_instance_within_one_second() throws Exception {
    // long cache TTL: only the notification can make instance B forget the session in time
    try (TwoGateways two = new TwoGateways(dir, Clock.systemUTC(), Map.of("session.cacheTtl", "30m"))) {
      WebClient toA = two.toA;
      WebClient toB = two.toB;
      String token = new Logins(toA).login(Logins.card(DemoData.OFFICERS.get(0).citizenId()), DemoData.DEVICE_ID, DeviceKey.demo());
      assertEquals(200, toB.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode(), "B knows the session");
      assertEquals(200, toB.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode(), "now cached on B");

      assertEquals(204, toA.delete("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode());
      long loggedOut = System.nanoTime();
      int status = 200;
      while (status == 200 && System.nanoTime() - loggedOut < 1_000_000_000L) {
        status = toB.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode();
      }
      assertEquals(401, status, "instance B still accepted the token one second after logout");
    }
  }
}
