package io.linkgate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.Lookups;
import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.linkgate.usage.Outcome;
import io.linkgate.usage.UsageRecord;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo starts with a month behind it: a report with content, its DRAFT, an intact chain, seeded once. */
class DemoHistoryTest {

  @TempDir
  Path dir;

  static long count(String url, String query) throws Exception {
    try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void should_give_the_demo_agency_last_month_with_a_draft_report_when_the_demo_starts() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-02T02:00:00Z")); // 9:00 on 2 November in Bangkok
    String url = TestDatabase.newDatabaseUrl();
    List<UsageRecord> expected = DemoHistory.records(YearMonth.of(2026, 10));
    Map<String, String> on = Map.of("report.demoHistory", "true", "report.generateDrafts", "true");

    try (RunningGateway running = RunningGateway.demo(dir, null, on, clock, url)) {
      assertEquals(expected.size(), count(url, "SELECT count(*) FROM usage_log WHERE agency_code = 'DEMO' AND at < '2026-10-31T17:00:00Z'"),
          "every record of the month is in PostgreSQL when the gateway is up");
      assertEquals(0, count(url, "SELECT count(*) FROM usage_log WHERE at < '2026-09-30T17:00:00Z' OR agency_code <> 'DEMO'"),
          "all of it in October (Bangkok), all of it the demo agency's");
      running.gateway().reportScheduler().run().await();

      String head = Lookups.login(running, "head");
      JsonObject list = running.api().get("/v1/reports?agency=DEMO&month=2026-10").bearerTokenAuthentication(head).send().await()
          .bodyAsJsonObject();
      assertEquals(1, list.getJsonArray("items").size(), list.encode());
      assertEquals("DRAFT", list.getJsonArray("items").getJsonObject(0).getString("state"));

      JsonObject report = running.api().get("/v1/reports/monthly?agency=DEMO&month=2026-10").bearerTokenAuthentication(head).send().await()
          .bodyAsJsonObject();
      JsonObject totals = report.getJsonObject("totals");
      assertEquals(expected.size(), totals.getLong("requests"));
      assertEquals(expected.stream().filter(r -> r.outcome() == Outcome.REFUSED).count(), totals.getLong("refused"));
      assertEquals(expected.stream().filter(r -> "HIT".equals(r.cache())).count(), totals.getLong("cacheHits"));
      assertEquals(expected.stream().filter(r -> r.outcome() == Outcome.SERVED && r.requestRef() == null).count(),
          totals.getLong("withoutRequestRef"));
      assertEquals(1, report.getJsonObject("logins").getLong("blockedPins"));
      Set<String> rules = report.getJsonArray("anomalies").stream().map(a -> ((JsonObject) a).getString("rule")).collect(Collectors.toSet());
      assertEquals(Set.of("citizen-many-lookups", "missing-request-ref", "repeated-refusals", "blocked-pin"), rules,
          report.getJsonArray("anomalies").encode());
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = io.linkgate.MainAccess.run(new String[] {"usage", "verify", "--month", "2026-10", "--db-url", url, "--data-dir", dir.toString()},
        Map.of("LINKGATE_LOG_FORMAT", "text", "LINKGATE_LOG_LEVEL", "ERROR"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    String verified = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, verified);
    assertTrue(verified.contains(expected.size() + " records in 1 chain(s): intact"), verified);

    try (RunningGateway again = RunningGateway.demo(dir, null, on, clock, url)) {
      assertEquals(expected.size(), count(url, "SELECT count(*) FROM usage_log"), "a restart on the same data seeds nothing");
    }
  }
}
