package io.linkgate.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.Gateway;
import io.linkgate.testing.TestGateway;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every upstream endpoint's outcome and retry series exist at 0 before the first call, so the upstream dashboard's
 * increase() and the alert rules see a quiet upstream's first timeout or error.
 */
class UpstreamCountersTest {

  @TempDir
  Path dir;

  @Test
  void should_expose_every_endpoint_outcome_and_retry_series_at_zero_from_start_up() throws Exception {
    Gateway gateway = TestGateway.start(dir, Map.of(), true, Clock.systemUTC());
    try {
      List<String> scrape = gateway.registry().scrape().lines().toList();
      for (UpstreamEndpoint endpoint : UpstreamEndpoint.values()) {
        String upstream = "upstream=\"" + endpoint.id() + "\"";
        for (String outcome : ProtectedEndpoint.OUTCOMES) {
          List<String> count = scrape.stream().filter(l -> l.startsWith("linkgate_upstream_requests_seconds_count{")
              && l.contains(upstream) && l.contains("outcome=\"" + outcome + "\"")).toList();
          assertEquals(1, count.size(), endpoint.id() + " " + outcome + ": " + count);
          assertTrue(count.get(0).endsWith(" 0"), count.get(0));
        }
        assertTrue(scrape.stream().anyMatch(l -> l.startsWith("linkgate_upstream_retries_total{") && l.contains(upstream) && l.endsWith(" 0.0")),
            "retries of " + endpoint.id());
      }
    } finally {
      gateway.stop();
    }
  }
}
