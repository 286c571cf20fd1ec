package io.linkgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkgate.testing.Lookups;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report list says when it is cut at its maximum, so that an auditor knows to narrow it. */
class ReportListTest {

  @TempDir
  Path dir;

  @Test
  void should_say_the_list_is_truncated_when_more_reports_match_than_it_holds() throws Exception {
    String url = TestDatabase.newDatabaseUrl();
    try (RunningGateway running = RunningGateway.demo(dir, null, Map.of("report.generateDrafts", "false"), Clock.systemUTC(), url)) {
      String auditor = Lookups.login(running, "auditor");
      try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement()) {
        s.execute("DELETE FROM monthly_report WHERE agency_code = 'DEMO'");
        // 501 months of reports for the demo agency, from January 1980
        s.execute("""
            INSERT INTO monthly_report (id, agency_code, month, version, state, content, content_hash, anomalies, verify_due, send_due,
              generated_at, generated_by, state_changed_at)
            SELECT gen_random_uuid(), 'DEMO', to_char(date '1980-01-01' + make_interval(months => g), 'YYYY-MM'), 1, 'SENT_TO_SUPERVISOR',
              '{}', repeat('0', 64), 0, date '1980-02-03' + make_interval(months => g), date '1980-02-05' + make_interval(months => g),
              now(), 'system', now()
            FROM generate_series(0, 500) g""");
      }
      JsonObject all = running.api().get("/v1/reports?agency=DEMO").bearerTokenAuthentication(auditor).send().await().bodyAsJsonObject();
      assertEquals(ReportRoutes.LIST_MAX, all.getJsonArray("items").size());
      assertTrue(all.getBoolean("truncated"), "501 reports match");
      JsonObject one = running.api().get("/v1/reports?agency=DEMO&month=1990-01").bearerTokenAuthentication(auditor).send().await()
          .bodyAsJsonObject();
      assertEquals(1, one.getJsonArray("items").size());
      assertFalse(one.getBoolean("truncated"));
    }
  }
}
