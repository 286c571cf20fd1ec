package io.linkgate.lookup;

import static io.linkgate.testing.Lookups.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.Lookups;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups refused before any agency is identified are nobody's lookups and anyone can send them: their usage records
 * are bounded (usage.unidentifiedRecordsPerSecond), the rest answered alike and counted; an identified agency's
 * refusals are always recorded.
 */
class UnidentifiedRefusalsTest {

  static final String CITIZEN = "3101700001098";

  @TempDir
  Path dir;

  @Test
  void should_record_refusals_without_an_agency_only_up_to_the_bound_and_count_the_rest() throws Exception {
    try (RunningGateway running = RunningGateway.demo(dir, Map.of("usage.unidentifiedRecordsPerSecond", "1"), Clock.systemUTC())) {
      String officer = Lookups.login(running, "officer");
      List<String> usageIds = new ArrayList<>();
      int unrecorded = 0;
      for (int i = 0; i < 30; i++) {
        HttpResponse<Buffer> r = running.api().get("/v1/linkage/persons/" + CITIZEN).putHeader("X-Api-Key", i % 2 == 0 ? "guess" : "")
            .putHeader("X-Service-Code", "NC-CIVILREG").send().await();
        assertEquals(401, r.statusCode(), "answered alike, recorded or not");
        assertTrue(type(r).startsWith("api-key-"), type(r));
        assertNotNull(r.getHeader("WWW-Authenticate"));
        if (r.getHeader("X-Usage-Id") != null) {
          usageIds.add(r.getHeader("X-Usage-Id"));
        } else {
          unrecorded++;
        }
      }
      // a burst of ten seconds' worth at one a second (and perhaps one more refilled while the requests ran)
      assertTrue(usageIds.size() >= 10 && usageIds.size() <= 12, "recorded: " + usageIds.size());
      assertEquals(30 - usageIds.size(), unrecorded);
      assertEquals(unrecorded, running.gateway().registry().counter("linkgate.unrecorded_refusals").count());

      // an identified agency's refusal (a valid key, no session) is recorded whatever the bound
      for (int i = 0; i < 5; i++) {
        HttpResponse<Buffer> r = running.api().get("/v1/linkage/persons/" + CITIZEN).putHeader("X-Api-Key", "demo-agency-key")
            .putHeader("X-Service-Code", "NC-CIVILREG").send().await();
        assertEquals(401, r.statusCode());
        assertNotNull(r.getHeader("X-Usage-Id"), "an agency's refusal is always recorded");
      }
      HttpResponse<Buffer> served = new Lookups(running.api()).person(officer, CITIZEN);
      assertEquals(200, served.statusCode());
      assertNotNull(served.getHeader("X-Usage-Id"));

      running.gateway().usageWritten().await();
      assertEquals(usageIds.size(), count(running, "SELECT count(*) FROM usage_log WHERE agency_code IS NULL"),
          "only the recorded ones reached the usage log");
      assertEquals(5, count(running, "SELECT count(*) FROM usage_log WHERE agency_code = 'DEMO' AND status = 401"));
    }
  }

  @Test
  void should_refill_at_the_configured_rate_and_record_none_at_zero() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    UnidentifiedRefusals bounded = new UnidentifiedRefusals(2, registry, 0);
    int recorded = 0;
    for (int i = 0; i < 50; i++) {
      recorded += bounded.record(0) ? 1 : 0;
    }
    assertEquals(20, recorded, "ten seconds' worth at once");
    assertFalse(bounded.record(100_000_000L), "0.2 tokens after 100 ms");
    assertTrue(bounded.record(600_000_000L), "one token after 500 ms");
    assertEquals(31, registry.counter("linkgate.unrecorded_refusals").count());
    bounded.summarise(); // logs the 31, resets

    UnidentifiedRefusals none = new UnidentifiedRefusals(0, new SimpleMeterRegistry(), 0);
    assertFalse(none.record(0));
    assertFalse(none.record(60_000_000_000L));
  }

  private static long count(RunningGateway running, String query) throws Exception {
    try (Connection c = TestDatabase.connect(running.dbUrl()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
