package io.linkgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkgate.Gateway;
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

/**
 * An instance whose LISTEN connection no longer delivers (a firewall or NAT dropped it without a word) notices within
 * two clean-up ticks and forgets its cached sessions: before, a session ended on another instance was served from its
 * cache for up to session.cacheTtl.
 */
class SessionListenerTest {

  @TempDir
  Path dir;

  @Test
  void should_notice_a_deaf_listening_connection_and_forget_the_cached_sessions() throws Exception {
    try (TwoGateways two = new TwoGateways(dir, Clock.systemUTC(), Map.of("session.cacheTtl", "30m"))) {
      Gateway b = two.b;
      WebClient toA = two.toA;
      WebClient toB = two.toB;
      String token = new Logins(toA).login(Logins.card(DemoData.OFFICERS.get(0).citizenId()), DemoData.DEVICE_ID, DeviceKey.demo());
      assertEquals(200, toB.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode(), "cached on B");

      // B's listening connection stays open but hears nothing more, as one a firewall dropped
      b.sessions().listening().query("UNLISTEN *").execute().await();
      b.sessions().checkListener().await(); // a tick: its ping is sent, and not heard
      assertEquals(204, toA.delete("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode());
      Thread.sleep(300);
      assertEquals(200, toB.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode(),
          "B did not hear of the logout");

      int subscribed = b.sessions().subscriptions.get();
      b.sessions().checkListener().await(); // the next tick: the ping never came back
      assertEquals(401, toB.get("/v1/sessions/current").bearerTokenAuthentication(token).send().await().statusCode(),
          "B forgot its cached sessions");

      // and listens again: the next logout reaches it by its notification
      String second = new Logins(toA).login(Logins.card(DemoData.OFFICERS.get(0).citizenId()), DemoData.DEVICE_ID, DeviceKey.demo());
      assertEquals(200, toB.get("/v1/sessions/current").bearerTokenAuthentication(second).send().await().statusCode());
      long until = System.nanoTime() + 5_000_000_000L;
      while (b.sessions().subscriptions.get() == subscribed && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      b.sessions().checkListener().await(); // a tick on the new connection: its ping is sent
      assertEquals(204, toA.delete("/v1/sessions/current").bearerTokenAuthentication(second).send().await().statusCode());
      int status = 200;
      for (long end = System.nanoTime() + 2_000_000_000L; status == 200 && System.nanoTime() < end; ) {
        status = toB.get("/v1/sessions/current").bearerTokenAuthentication(second).send().await().statusCode();
      }
      assertEquals(401, status, "the logout's notification reached B again");
      // the ping, committed before the logout, was heard before it (notifications come in commit order); ticks are 15 s
      // apart, so the next comes after it: checked here, not straight after the one that sent it
      b.sessions().checkListener().await(); // heard again: no second reconnect
      assertEquals(1, b.sessions().listenerRestarts.get(), "one deaf connection noticed, once (not the new one too)");
    }
  }
}
