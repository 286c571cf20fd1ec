package io.linkgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkgate.testing.MutableClock;
import io.linkgate.testing.RunningGateway;
import io.linkgate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The month's DRAFT waits for every running instance to ship the month's records: made at report.draftDelay (1 h)
 * after midnight whatever the instances still held, it left out the last lookups of an instance whose database was
 * out of reach at midnight, or whose journal had a backlog, and the officers signed a control book short of them.
 */
class ReportDraftWaitTest {

  @TempDir
  Path dir;
  // 01:00:01 on 1 December in Bangkok: November is closed and report.draftDelay has passed
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T18:00:01Z"));
  RunningGateway running;

  void start() throws Exception {
    running = RunningGateway.demo(dir, null, Map.of("report.generateDrafts", "true"), clock, TestDatabase.newDatabaseUrl());
    try (ReportFixtures fx = new ReportFixtures(running.dbUrl())) {
      fx.partitions(YearMonth.of(2026, 10), YearMonth.of(2026, 12));
      fx.sql("UPDATE agency SET created_at = '2026-11-15T00:00:00Z'"); // a November report is due, no October one
    }
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  void sql(String statement) throws Exception {
    TestDatabase.execute(running.dbUrl(), statement);
  }

  long drafts() throws Exception {
    running.gateway().reportScheduler().run().await();
    try (Connection c = TestDatabase.connect(running.dbUrl()); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM monthly_report WHERE month = '2026-11'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Another instance, running (its lease renewed just now), whose shipping has not reached midnight. */
  void otherInstance(String shippedThrough) throws Exception {
    sql("INSERT INTO journal_lease (instance_id, holder, host, pid, renewed_at, shipped_through) VALUES ('other', gen_random_uuid(), "
        + "'gateway-2', 4242, now(), " + (shippedThrough == null ? "NULL" : "'" + shippedThrough + "'") + ")");
  }

  @Test
  void should_wait_for_a_running_instance_still_shipping_the_month_and_draft_once_it_has() throws Exception {
    start();
    otherInstance("2026-11-30T16:55:00Z"); // 23:55 on 30 November in Bangkok
    assertEquals(0, drafts(), "its records of the month's last minutes are not all in PostgreSQL yet");
    sql("UPDATE journal_lease SET shipped_through = '2026-11-30T17:02:00Z', renewed_at = now() WHERE instance_id = 'other'");
    assertEquals(1, drafts());
  }

  @Test
  void should_not_wait_for_an_instance_whose_lease_lapsed() throws Exception {
    start();
    otherInstance(null);
    sql("UPDATE journal_lease SET renewed_at = now() - interval '2 minutes' WHERE instance_id = 'other'"); // stopped or crashed
    assertEquals(1, drafts(), "its unshipped records arrive when it starts again: a regenerated report has them");
  }

  @Test
  void should_draft_a_day_past_the_delay_without_an_instance_that_never_shipped() throws Exception {
    start();
    otherInstance(null);
    assertEquals(0, drafts());
    clock.advance(Duration.ofHours(23));
    sql("UPDATE journal_lease SET renewed_at = now() WHERE instance_id = 'other'");
    assertEquals(0, drafts(), "within a day of the delay");
    clock.advance(Duration.ofHours(1));
    sql("UPDATE journal_lease SET renewed_at = now() WHERE instance_id = 'other'");
    assertEquals(1, drafts(), "the reporting calendar goes on: verify is due the 3rd");
  }
}
