package io.linkgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkgate.Gateway;
import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.registry.DemoData;
import io.linkgate.testing.Logins;
import io.linkgate.testing.TestDatabase;
import io.linkgate.testing.TestGateway;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
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
    String url = TestDatabase.newDatabaseUrl();
    // long cache TTL: only the notification can make instance B forget the session in time;
    // instances sharing a database share the data-protection keys
    Map<String, String> extra = Map.of("session.cacheTtl", "30m",
        "privacy.hmacKey", TestGateway.SHARED_HMAC_KEY, "privacy.encryptionKeys", "k1:" + TestGateway.SHARED_AES_KEY,
        "privacy.activeKeyId", "k1");
    Gateway a = Gateway.start(TestGateway.config(dir.resolve("a"), url, extra), new Gateway.Options(true, Clock.systemUTC()));
    Gateway b = Gateway.start(TestGateway.config(dir.resolve("b"), url, extra), new Gateway.Options(false, Clock.systemUTC()));
    try {
      WebClient toA = WebClient.create(a.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(a.apiPort()));
      WebClient toB = WebClient.create(b.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(b.apiPort()));
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
    } finally {
      b.stop();
      a.stop();
    }
  }
}
