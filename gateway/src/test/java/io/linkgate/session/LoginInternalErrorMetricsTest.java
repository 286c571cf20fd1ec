package io.linkgate.session;

import static io.linkgate.testing.Lookups.type;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkgate.cardedge.device.DeviceKey;
import io.linkgate.registry.DemoData;
import io.linkgate.testing.Logins;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A login that fails for LinkGate's own reason (here PostgreSQL refusing every connection, as during an outage or with
 * its pool exhausted in the morning login storm) is counted in {@code linkgate_logins_total}, as the internal-error its
 * answer carries, from start-up at 0: otherwise the sessions dashboard's failure share reads 0 while every login fails.
 */
class LoginInternalErrorMetricsTest {

  @TempDir
  Path dir;

  @Test
  void should_count_a_failed_login_as_internal_error_when_postgresql_refuses_connections() throws Exception {
    RunningGateway running = RunningGateway.demo(dir, Map.of(), Clock.systemUTC());
    String db = running.dbUrl().substring(running.dbUrl().lastIndexOf('/') + 1);
    try {
      assertEquals(0.0, logins(running, "internal-error"), "registered at 0 from start-up");
      DemoData.Officer officer = DemoData.OFFICERS.stream().filter(o -> o.profile().equals("officer")).findFirst().orElseThrow();
      Logins logins = running.logins();
      io.vertx.core.json.JsonObject challenge = logins.challenge();

      TestDatabase.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
      TestDatabase.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
      HttpResponse<Buffer> refused = logins.post(Logins.body(challenge, Logins.card(officer.citizenId()),
          DemoData.deviceFor(officer), DeviceKey.demo()));

      assertEquals(500, refused.statusCode(), refused.bodyAsString());
      assertEquals("internal-error", type(refused));
      assertEquals(1.0, logins(running, "internal-error"), "the failed login is counted");
      assertEquals(0.0, logins(running, "opened"));
    } finally {
      TestDatabase.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
      running.close();
    }
  }

  private static double logins(RunningGateway running, String outcome) {
    return running.gateway().registry().get("linkgate.logins").tag("outcome", outcome).counter().count();
  }
}
