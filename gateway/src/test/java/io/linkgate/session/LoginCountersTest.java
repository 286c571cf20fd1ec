package io.linkgate.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.Gateway;
import io.linkgate.testing.TestGateway;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login outcomes the sessions dashboard counts with increase() exist at 0 before the first login. */
class LoginCountersTest {

  @TempDir
  Path dir;

  @Test
  void should_expose_the_counted_login_outcomes_at_zero_from_start_up() throws Exception {
    Gateway gateway = TestGateway.start(dir, Map.of(), true, Clock.systemUTC());
    try {
      List<String> logins = gateway.registry().scrape().lines().filter(l -> l.startsWith("linkgate_logins_total{")).toList();
      for (String outcome : List.of("opened", "wrong-pin", "pin-blocked")) {
        assertTrue(logins.stream().anyMatch(l -> l.contains("outcome=\"" + outcome + "\"") && (l.endsWith(" 0") || l.endsWith(" 0.0"))),
            outcome + " in " + logins);
      }
    } finally {
      gateway.stop();
    }
  }
}
